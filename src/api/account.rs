//! The person's account: settings, usage and limits, GitHub, machines, feedback, and what
//! answers at the API base.

use super::client::{send, send_ignoring_answer, ApiContext, ApiError};
use wham_api::models::{
    AccountsCheck, CodeReviewSettings, CodeReviewUpdate, ConfigRequirements, CreditUsageEvents, DailyUsageBreakdown,
    Feedback, GithubUserHandle, InstallationEventsResponse, InstallationsResponse, InstallationsV2Response,
    MachinesResponse, RepositoriesResponse, ServerStatus, Usage, UserPreferencesConfig, UserSettings,
    UserSettingsPatch,
};
use wham_api::routes;

pub async fn user_settings(api: ApiContext) -> Result<UserSettings, ApiError> {
    send(api, &routes::SETTINGS_USER.request(&[])).await
}

/// Saves the changed settings; the answer is what the server kept.
pub async fn update_user_settings(api: ApiContext, patch: &UserSettingsPatch) -> Result<UserSettings, ApiError> {
    send(api, &routes::SETTINGS_USER_UPDATE.request(&[]).json(patch)).await
}

/// What the settings may hold (branch format tokens and length).
pub async fn preferences_config(api: ApiContext) -> Result<UserPreferencesConfig, ApiError> {
    send(api, &routes::SETTINGS_USER_PREFERENCES_CONFIG.request(&[])).await
}

pub async fn usage(api: ApiContext) -> Result<Usage, ApiError> {
    send(api, &routes::USAGE.request(&[])).await
}

pub async fn github_installations(api: ApiContext) -> Result<InstallationsV2Response, ApiError> {
    send(api, &routes::GITHUB_INSTALLATIONS_V2.request(&[])).await
}

pub async fn github_installation_events(api: ApiContext) -> Result<InstallationEventsResponse, ApiError> {
    send(api, &routes::GITHUB_INSTALLATION_EVENTS_V2.request(&[])).await
}

pub async fn github_user_handle(api: ApiContext) -> Result<GithubUserHandle, ApiError> {
    send(api, &routes::GITHUB_USER_HANDLE.request(&[])).await
}

pub async fn machines(api: ApiContext) -> Result<MachinesResponse, ApiError> {
    send(api, &routes::MACHINES.request(&[])).await
}

/// Whose token this is and which accounts it reaches.
pub async fn accounts_check(api: ApiContext) -> Result<AccountsCheck, ApiError> {
    send(api, &routes::ACCOUNTS_CHECK.request(&[])).await
}

pub async fn send_feedback(api: ApiContext, feedback: &Feedback) -> Result<(), ApiError> {
    send_ignoring_answer(api, &routes::FEEDBACK.request(&[]).json(feedback)).await
}

/// What a local wham-server says about itself (the real service answers 404).
pub async fn server_status(api: ApiContext) -> Result<ServerStatus, ApiError> {
    send(api, &routes::SERVER_STATUS.request(&[])).await
}

/// Use per day, oldest first.
pub async fn daily_usage(api: ApiContext) -> Result<DailyUsageBreakdown, ApiError> {
    send(api, &routes::USAGE_DAILY_BREAKDOWN.request(&[])).await
}

/// Credit spending, newest first.
pub async fn credit_events(api: ApiContext) -> Result<CreditUsageEvents, ApiError> {
    send(api, &routes::USAGE_CREDIT_EVENTS.request(&[])).await
}

/// What the account needs before cloud tasks run.
pub async fn requirements(api: ApiContext) -> Result<ConfigRequirements, ApiError> {
    send(api, &routes::CONFIG_REQUIREMENTS.request(&[])).await
}

/// The repositories an installation grants, with permissions and merge policies.
pub async fn installation_repositories(
    api: ApiContext,
    installation_id: &str,
) -> Result<RepositoriesResponse, ApiError> {
    send(api, &routes::GITHUB_REPOSITORIES_V2.request(&[("installation_id", installation_id)])).await
}

/// Code review settings per repository.
pub async fn code_review_settings(api: ApiContext) -> Result<CodeReviewSettings, ApiError> {
    send(api, &routes::SETTINGS_CODE_REVIEW.request(&[])).await
}

/// The installations by the older endpoint (some accounts are only there).
pub async fn github_installations_v1(api: ApiContext) -> Result<InstallationsResponse, ApiError> {
    send(api, &routes::GITHUB_INSTALLATIONS.request(&[])).await
}

/// Installations without events, by the older endpoint.
pub async fn github_installation_events_v1(api: ApiContext) -> Result<InstallationEventsResponse, ApiError> {
    send(api, &routes::GITHUB_INSTALLATION_EVENTS.request(&[])).await
}

/// Changes one repository's review preference; the answer is the settings as saved.
pub async fn update_code_review(api: ApiContext, update: &CodeReviewUpdate) -> Result<CodeReviewSettings, ApiError> {
    send(api, &routes::SETTINGS_CODE_REVIEW_UPDATE.request(&[]).json(update)).await
}
