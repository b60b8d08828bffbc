//! Settings, GitHub, machines, accounts and feedback.

use super::body::JsonBody;
use super::query::QueryParams;
use crate::error::{AppError, AppResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};
use wham_api::models::*;

pub async fn user_settings(State(state): State<AppState>) -> Json<UserSettings> {
    Json(state.read().settings.clone())
}

/// `PATCH /wham/settings/user`: changes the given keys and echoes the whole document.
pub async fn update_user_settings(
    State(state): State<AppState>,
    JsonBody(patch): JsonBody<UserSettingsPatch>,
) -> AppResult<Json<UserSettings>> {
    if let Some(mode) = patch.git_diff_mode.as_deref() {
        if !matches!(mode, "split" | "unified") {
            return Err(AppError::invalid(
                "git_diff_mode",
                format!("git_diff_mode must be split or unified, got {mode:?}"),
            ));
        }
    }
    if let Some(format) = patch.branch_format.as_deref() {
        if format.trim().is_empty() || format.len() > 100 {
            return Err(AppError::invalid("branch_format", "branch_format must be 1 to 100 characters"));
        }
        let unknown: Vec<&str> = wham_api::models::branch_format_tokens(format)
            .into_iter()
            .filter(|token| !BRANCH_FORMAT_TOKENS.contains(token))
            .collect();
        if !unknown.is_empty() {
            return Err(AppError::invalid(
                "branch_format",
                format!(
                    "branch_format uses unknown token(s) {}; allowed: {}",
                    unknown.join(", "),
                    BRANCH_FORMAT_TOKENS.join(" ")
                ),
            ));
        }
    }
    if let Some(instructions) = patch.custom_instructions.as_deref() {
        if instructions.chars().count() > 100_000 {
            return Err(AppError::invalid(
                "custom_instructions",
                "custom_instructions is limited to 100000 characters",
            ));
        }
    }
    if let Some(preference) = patch.code_review_preference.as_deref() {
        if !REVIEW_PREFERENCES.contains(&preference) {
            return Err(AppError::invalid(
                "code_review_preference",
                format!("unknown code_review_preference {preference:?}"),
            ));
        }
    }
    let settings = state.mutate(|store| {
        let settings = &mut store.settings;
        if let Some(value) = patch.git_diff_mode {
            settings.git_diff_mode = Some(value);
        }
        if let Some(value) = patch.branch_format {
            settings.branch_format = Some(value);
        }
        if let Some(value) = patch.custom_instructions {
            settings.custom_instructions = Some(value);
        }
        if let Some(value) = patch.code_review_preference {
            settings.code_review_preference = Some(value);
        }
        if let Some(value) = patch.alpha_opt_in {
            settings.alpha_opt_in = Some(value);
        }
        settings.clone()
    });
    state.persisted().await?;
    Ok(Json(settings))
}

pub async fn code_review(State(state): State<AppState>) -> Json<CodeReviewSettings> {
    Json(state.read().code_review.clone())
}

/// `PATCH /wham/settings/code_review`: changes one repository's review preference; answers
/// the settings as saved.
pub async fn update_code_review(
    State(state): State<AppState>,
    JsonBody(update): JsonBody<CodeReviewUpdate>,
) -> AppResult<Json<CodeReviewSettings>> {
    if !REVIEW_PREFERENCES.contains(&update.review_preference.as_str()) {
        return Err(AppError::invalid(
            "review_preference",
            format!("review_preference must be one of {}", REVIEW_PREFERENCES.join(", ")),
        ));
    }
    let saved = state.mutate(|store| {
        let entry = store
            .code_review
            .repo_review_settings
            .iter_mut()
            .find(|entry| entry.repository.as_ref().is_some_and(|repo| repo.id == update.repository_id))
            .ok_or_else(|| AppError::not_found("repository", &update.repository_id))?;
        entry.review_preference = Some(update.review_preference.clone());
        entry.updated_at = Some(crate::now().into());
        Ok::<_, AppError>(store.code_review.clone())
    })?;
    state.persisted().await?;
    Ok(Json(saved))
}

/// The allowed `branch_format` tokens (static on the real service too).
/// The tokens a branch format may use (the same list `user_preferences_config` sends).
const BRANCH_FORMAT_TOKENS: [&str; 6] = ["{feature}", "{branch}", "{uuid}", "{ts}", "{date}", "{time}"];

pub async fn user_preferences_config() -> Json<Value> {
    Json(json!({
        "branch_format_special_values": [
            {"value": "{feature}", "char_count_label": "[1, 60]", "char_count": 60, "description": "Model generated feature name", "example": "feature-branch-name"},
            {"value": "{branch}", "char_count_label": "[1, 60]", "char_count": 60, "description": "The original branch name, or commit sha, truncated to 60 characters", "example": "main"},
            {"value": "{uuid}", "char_count_label": "6", "char_count": 6, "description": "Randomly generated alphanumeric string", "example": "q5ccpt"},
            {"value": "{ts}", "char_count_label": "10", "char_count": 10, "description": "Current UNIX timestamp", "example": "1758000000"},
            {"value": "{date}", "char_count_label": "10", "char_count": 10, "description": "UTC date in yyyy-MM-dd format", "example": "2025-09-25"},
            {"value": "{time}", "char_count_label": "8", "char_count": 8, "description": "UTC time in HH-mm-ss format", "example": "05-22-24"}
        ],
        "branch_format_max_length": 100,
        "custom_instructions_max_chars": 100000
    }))
}

pub async fn installations(State(state): State<AppState>) -> Json<InstallationsResponse> {
    Json(InstallationsResponse { installations: state.read().installations.clone(), extra: Default::default() })
}

pub async fn installations_v2(State(state): State<AppState>) -> Json<InstallationsV2Response> {
    Json(InstallationsV2Response {
        memberships: state.read().installations.clone(),
        other: Vec::new(),
        likely_on_old_access_token: Some(false),
        extra: Default::default(),
    })
}

pub async fn installation_events() -> Json<InstallationEventsResponse> {
    Json(InstallationEventsResponse::default())
}

/// Repository ids come bare (`100000001`) or as environment keys (`github-100000001`).
fn repository_id(raw: &str) -> &str {
    raw.strip_prefix("github-").unwrap_or(raw)
}

pub async fn repository(State(state): State<AppState>, Path(repo_id): Path<String>) -> AppResult<Json<Repository>> {
    let store = state.read();
    let id = repository_id(&repo_id);
    let mut repository = store
        .repositories
        .iter()
        .find(|repo| repo.id == id)
        .cloned()
        .ok_or_else(|| AppError::not_found("repository", &repo_id))?;
    repository.id = format!("github-{}", repository.id);
    Ok(Json(repository))
}

/// `GET /wham/github/repositories/v2/{installation_id}`: the installation's repositories.
pub async fn repositories_v2(
    State(state): State<AppState>,
    Path(installation_id): Path<String>,
) -> AppResult<Json<RepositoriesResponse>> {
    let store = state.read();
    let installation = store
        .installations
        .iter()
        .find(|installation| installation.id == installation_id)
        .ok_or_else(|| AppError::not_found("installation", &installation_id))?;
    let owner = installation.account_login.clone().unwrap_or_default();
    let repositories = store
        .repositories
        .iter()
        .filter(|repo| repo.full_name().is_some_and(|name| name.starts_with(&format!("{owner}/"))))
        .map(|repo| Repository { full_name: repo.repository_full_name.clone(), ..repo.clone() })
        .collect();
    Ok(Json(RepositoriesResponse { repositories, cursor: None, extra: Default::default() }))
}

/// The query of `GET /wham/github/repositories/search/all-installations`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RepositorySearchParams {
    query: Option<String>,
}

/// Repositories of every installation whose name contains `query` (all when it is empty), ids
/// as numbers in text, like the repository lists; at most 100.
pub async fn search_repositories(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<RepositorySearchParams>,
) -> Json<Vec<Repository>> {
    let query = params.query.unwrap_or_default().trim().to_lowercase();
    let store = state.read();
    let found = store
        .repositories
        .iter()
        .filter(|repo| repo.full_name().is_some_and(|name| name.to_lowercase().contains(&query)))
        .take(100)
        .map(|repo| Repository { full_name: repo.repository_full_name.clone(), ..repo.clone() })
        .collect();
    Json(found)
}

/// The query parameters of a branch search.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct BranchSearchParams {
    query: Option<String>,
    page_size: Option<String>,
    cursor: Option<String>,
}

/// `GET /wham/github/branches/{repo_id}/search?query&page_size&cursor`.
pub async fn branch_search(
    State(state): State<AppState>,
    Path(repo_id): Path<String>,
    QueryParams(params): QueryParams<BranchSearchParams>,
) -> AppResult<Json<BranchSearchResponse>> {
    let store = state.read();
    let key = format!("github-{}", repository_id(&repo_id));
    let branches = store.branches.get(&key).ok_or_else(|| AppError::not_found("repository", &repo_id))?;
    let query = params.query.as_deref().map(str::to_lowercase).unwrap_or_default();
    let page_size = match params.page_size.as_deref() {
        None => 20,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|size| (1..=100).contains(size))
            .ok_or_else(|| AppError::invalid("page_size", "page_size must be from 1 to 100"))?,
    };
    let start = match params.cursor.as_deref().filter(|cursor| !cursor.is_empty()) {
        None => 0,
        Some(cursor) => cursor
            .strip_prefix("+RID:branch#")
            .and_then(|offset| offset.parse().ok())
            .ok_or_else(|| AppError::invalid("cursor", "cursor is not one this server issued"))?,
    };
    let matching: Vec<&String> = branches.iter().filter(|branch| branch.to_lowercase().contains(&query)).collect();
    let items = matching
        .iter()
        .skip(start)
        .take(page_size)
        .map(|branch| Branch { branch: branch.to_string(), extra: Default::default() })
        .collect();
    // Checked: a cursor near usize::MAX must not overflow.
    let next = start.checked_add(page_size).filter(|next| *next < matching.len());
    let cursor = next.map(|next| format!("+RID:branch#{next}"));
    Ok(Json(BranchSearchResponse { items, cursor, extra: Default::default() }))
}

pub async fn user_handle(State(state): State<AppState>) -> Json<GithubUserHandle> {
    Json(GithubUserHandle { github_handle: state.read().github_handle.clone(), extra: Default::default() })
}

/// `GET /wham/machines`: a bare array, as captured.
pub async fn machines(State(state): State<AppState>) -> Json<Vec<Machine>> {
    Json(state.read().machines.clone())
}

pub async fn accounts_check() -> Json<Value> {
    Json(json!({
        "accounts": [{
            "account_id": "acct-local",
            "account_user_role": "account-owner",
            "plan_type": "pro",
            "name": "Local workspace",
            "features": ["codex", "codex_cloud_tasks"],
            "entitlements": {"codex": true}
        }],
        "account_ordering": ["acct-local"]
    }))
}

/// Bounds on what feedback may add to the state.
const MAX_FEEDBACK_BYTES: usize = 16 * 1024;
const MAX_FEEDBACK_ENTRIES: usize = 500;

pub async fn feedback(State(state): State<AppState>, JsonBody(body): JsonBody<Value>) -> AppResult<Json<Value>> {
    if !body.is_object() {
        return Err(AppError::invalid("body", "feedback must be a JSON object"));
    }
    if body.to_string().len() > MAX_FEEDBACK_BYTES {
        return Err(AppError::invalid("body", format!("feedback is limited to {} KB", MAX_FEEDBACK_BYTES / 1024)));
    }
    state.mutate(|store| {
        // Only the newest entries are kept: feedback must not grow the state without bound.
        if store.feedback.len() >= MAX_FEEDBACK_ENTRIES {
            store.feedback.remove(0);
        }
        store.feedback.push(body)
    });
    state.persisted().await?;
    Ok(Json(json!({"success": true})))
}
