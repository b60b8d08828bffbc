//! Environments: where tasks run.

use super::client::{send, send_ignoring_answer, ApiContext, ApiError};
use super::ids::EnvironmentId;
use leptos::prelude::GetUntracked;
use serde::de::DeserializeOwned;
use wham_api::models::{Environment, EnvironmentDetail, EnvironmentInput, EnvironmentList, RepositoryList};
use wham_api::routes;

/// Every environment: whole ([`Environment`]) or, for a picker, by name alone
/// ([`wham_api::models::EnvironmentName`], whose small decoder keeps the first load small).
pub async fn list<T: DeserializeOwned>(api: ApiContext) -> Result<EnvironmentList<T>, ApiError> {
    send(api, &routes::ENVIRONMENTS.request(&[])).await
}

/// The environments used lately, most recent first: whole or by name alone, as [`list`].
pub async fn recent<T: DeserializeOwned>(api: ApiContext) -> Result<EnvironmentList<T>, ApiError> {
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

/// Environments whose name or repository matches `query`.
pub async fn search(api: ApiContext, query: &str) -> Result<EnvironmentList, ApiError> {
    send(api, &routes::ENVIRONMENTS_SEARCH.request(&[]).query("query", query)).await
}

/// Every environment with its creator and machine.
pub async fn with_creators(api: ApiContext) -> Result<EnvironmentList, ApiError> {
    send(api, &routes::ENVIRONMENTS_WITH_CREATORS.request(&[])).await
}

/// One environment with its creator and machine.
pub async fn detail_with_creator(api: ApiContext, environment: &EnvironmentId) -> Result<Environment, ApiError> {
    let request = routes::ENVIRONMENT_WITH_CREATOR_AND_MACHINE.request(&[("environment_id", environment.as_str())]);
    send::<EnvironmentDetail>(api, &request).await.map(|detail| detail.0)
}

/// Creates an environment; the answer is what the server saved.
pub async fn create(api: ApiContext, input: &EnvironmentInput) -> Result<Environment, ApiError> {
    send::<EnvironmentDetail>(api, &routes::ENVIRONMENT_CREATE.request(&[]).json(input)).await.map(|detail| detail.0)
}

/// Changes the fields `input` holds; the answer is the environment as saved.
pub async fn update(
    api: ApiContext,
    environment: &EnvironmentId,
    input: &EnvironmentInput,
) -> Result<Environment, ApiError> {
    let request = routes::ENVIRONMENT_UPDATE.request(&[("environment_id", environment.as_str())]).json(input);
    send::<EnvironmentDetail>(api, &request).await.map(|detail| detail.0)
}

pub async fn delete(api: ApiContext, environment: &EnvironmentId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &routes::ENVIRONMENT_DELETE.request(&[("environment_id", environment.as_str())])).await
}

/// Starts the next tasks from a fresh setup instead of the cached one.
pub async fn reset_cache(api: ApiContext, environment: &EnvironmentId) -> Result<(), ApiError> {
    let request = routes::ENVIRONMENT_RESET_CACHE.request(&[("environment_id", environment.as_str())]);
    send_ignoring_answer(api, &request).await
}

/// Repositories of every GitHub installation matching `query`.
pub async fn repositories(api: ApiContext, query: &str) -> Result<RepositoryList, ApiError> {
    send(api, &routes::GITHUB_REPOSITORIES_SEARCH_ALL.request(&[]).query("query", query)).await
}

/// The environments of a GitHub repository (`owner/name`).
pub async fn by_repository(api: ApiContext, owner: &str, name: &str) -> Result<EnvironmentList, ApiError> {
    let request =
        routes::ENVIRONMENTS_BY_REPO.request(&[("provider", "github"), ("owner", owner), ("repository", name)]);
    send(api, &request).await
}

/// The environments as the Codex CLI lists them.
pub async fn codex_cli(api: ApiContext) -> Result<EnvironmentList, ApiError> {
    send(api, &routes::CODEX_ENVIRONMENTS.request(&[])).await
}

/// An environment's repositories as the Codex CLI lists them.
pub async fn codex_cli_repositories(api: ApiContext, environment: &EnvironmentId) -> Result<RepositoryList, ApiError> {
    send(api, &routes::CODEX_ENVIRONMENT_REPOS.request(&[("environment_id", environment.as_str())])).await
}
