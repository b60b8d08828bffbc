//! Environments: lists, detail, creators and machines, by-repo lookup, cache reset, delete,
//! and the Codex CLI's environment and repository lists.

use crate::error::{AppError, AppResult};
use crate::state::Store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use wham_api::models::*;

pub use crate::secrets::{masked as public, MASKED_SECRET};

fn find<'a>(store: &'a Store, id: &str) -> AppResult<&'a Environment> {
    store.environment(id).ok_or_else(|| AppError::not_found("environment", id))
}

fn with_creator_and_machine(store: &Store, environment: &Environment) -> Environment {
    let mut shown = public(environment);
    shown.creator = Some(Creator {
        id: environment.creator_id.clone(),
        email: Some("jdoe@example.com".into()),
        name: Some("Jane Doe".into()),
        extra: Default::default(),
    });
    let machine = store
        .machines
        .iter()
        .find(|machine| Some(&machine.machine_id) == environment.machine_id.as_ref())
        .map(|machine| json!({"label": machine.label, "limits": {"cpu": machine.cpu_limit, "memory_mb": machine.memory_limit_mb, "disk_mb": machine.disk_limit_mb}}));
    shown.machine = machine;
    shown
}

/// `GET /wham/environments`: a bare array, as the service sends it.
pub async fn list(State(state): State<AppState>) -> Json<Vec<Environment>> {
    let store = state.read();
    let mut environments: Vec<Environment> = store.environments.iter().map(public).collect();
    environments.sort_by_key(|environment| !environment.is_pinned.unwrap_or(false));
    Json(environments)
}

/// `GET /wham/environments/recent`: the environments of the most recent tasks first.
pub async fn recent(State(state): State<AppState>) -> Json<Vec<Environment>> {
    let store = state.read();
    let mut tasks: Vec<_> = store.tasks.values().collect();
    tasks.sort_by(|a, b| b.updated_at.total_cmp(&a.updated_at));
    let mut ids: Vec<&str> = Vec::new();
    for task in tasks {
        if !ids.contains(&task.environment_id.as_str()) {
            ids.push(&task.environment_id);
        }
    }
    for environment in &store.environments {
        if !ids.contains(&environment.id.as_str()) {
            ids.push(&environment.id);
        }
    }
    Json(ids.into_iter().filter_map(|id| store.environment(id)).map(public).collect())
}

/// `GET /wham/environments/with-creators`.
pub async fn with_creators(State(state): State<AppState>) -> Json<Vec<Environment>> {
    let store = state.read();
    Json(store.environments.iter().map(|environment| with_creator_and_machine(&store, environment)).collect())
}

/// `GET /wham/environments/{environment_id}`.
pub async fn detail(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Environment>> {
    let store = state.read();
    Ok(Json(public(find(&store, &id)?)))
}

/// `GET /wham/environments/{environment_id}/with-creator-and-machine`.
pub async fn detail_with_creator(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Environment>> {
    let store = state.read();
    let environment = find(&store, &id)?;
    Ok(Json(with_creator_and_machine(&store, environment)))
}

/// `GET /wham/environments/by-repo/{provider}/{owner}/{repository}`: a bare array.
pub async fn by_repo(
    State(state): State<AppState>,
    Path((provider, owner, repository)): Path<(String, String, String)>,
) -> AppResult<Json<Vec<Value>>> {
    if provider != "github" {
        return Err(AppError::invalid("provider", format!("unknown provider {provider:?}; only github is supported")));
    }
    let full_name = format!("{owner}/{repository}").to_lowercase();
    let store = state.read();
    let matches = store
        .environments
        .iter()
        .filter_map(|environment| {
            let repo = environment
                .repo_map
                .values()
                .find(|repo| repo.full_name().map(str::to_lowercase) == Some(full_name.clone()))?;
            Some(json!({
                "id": environment.id,
                "label": environment.label,
                "name": environment.display_name(),
                "repository_full_name": repo.full_name(),
                "default_branch": repo.default_branch,
            }))
        })
        .collect();
    Ok(Json(matches))
}

/// `POST /wham/environments/{environment_id}/reset-cache`: answers `null`.
pub async fn reset_cache(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Value>> {
    state.mutate(|store| {
        let environment = store
            .environments
            .iter_mut()
            .find(|environment| environment.id == id)
            .ok_or_else(|| AppError::not_found("environment", &id))?;
        let key = format!("{:x}", crate::now() as u64);
        environment.cache_settings.get_or_insert_with(Default::default).cache_invalidation_key = Some(key);
        Ok::<_, AppError>(())
    })?;
    state.persisted().await?;
    Ok(Json(Value::Null))
}

/// `DELETE /wham/environments/{environment_id}`: 204.
pub async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<StatusCode> {
    state.mutate(|store| {
        let before = store.environments.len();
        store.environments.retain(|environment| environment.id != id);
        if store.environments.len() == before {
            return Err(AppError::not_found("environment", &id));
        }
        Ok(())
    })?;
    state.persisted().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /codex/environments`: the Codex CLI's list.
pub async fn codex_list(State(state): State<AppState>) -> Json<Vec<Environment>> {
    list(State(state)).await
}

/// `GET /codex/environments/{environment_id}/repos`.
pub async fn codex_repos(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Vec<Repository>>> {
    let store = state.read();
    let environment = find(&store, &id)?;
    Ok(Json(environment.repos.iter().filter_map(|repo| environment.repo_map.get(&repo.key())).cloned().collect()))
}
