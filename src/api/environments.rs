//! Environments: where tasks run.

use super::client::{send, ApiContext, ApiError};
use super::ids::EnvironmentId;
use leptos::prelude::GetUntracked;
use wham_api::models::{EnvironmentDetail, EnvironmentList};
use wham_api::routes;

/// Every environment.
pub async fn list(api: ApiContext) -> Result<EnvironmentList, ApiError> {
    send(api, &routes::ENVIRONMENTS.request(&[])).await
}

/// The environments used lately, most recent first.
pub async fn recent(api: ApiContext) -> Result<EnvironmentList, ApiError> {
    send(api, &routes::ENVIRONMENTS_RECENT.request(&[])).await
}

/// One environment, in full.
pub async fn detail(api: ApiContext, environment: &EnvironmentId) -> Result<EnvironmentDetail, ApiError> {
    send(api, &routes::ENVIRONMENT.request(&[("environment_id", environment.as_str())])).await
}

/// The URL that streams an environment test's diagnostics (posted by `live::transport::post`).
pub fn test_url(api: ApiContext) -> String {
    routes::ENVIRONMENT_TEST.request(&[]).url(&api.connection.get_untracked().base)
}
