//! Environments: lists, detail, creators and machines, by-repo lookup, cache reset, delete,
//! and the Codex CLI's environment and repository lists.

use super::body::JsonBody;
use super::query::QueryParams;
use crate::environment_edit;
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
    let machine =
        store.machines.iter().find(|machine| Some(&machine.machine_id) == environment.machine_id.as_ref()).map(
            |machine| {
                // The schema's shape (`environments/{id}/with-creator-and-machine`): flat limits
                // and `id`, not the `machine_id` of `/wham/machines`.
                json!({
                    "id": machine.machine_id,
                    "label": machine.label,
                    "cpu_limit": machine.cpu_limit,
                    "memory_limit_mb": machine.memory_limit_mb,
                    "disk_limit_mb": machine.disk_limit_mb,
                    "image": machine.image,
                })
            },
        );
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

/// The query of `GET /wham/environments/search`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SearchParams {
    query: Option<String>,
}

/// `GET /wham/environments/search?query=`: environments whose name or repository contains the
/// query (any case); a bare array like the list.
pub async fn search(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<SearchParams>,
) -> Json<Vec<Environment>> {
    let query = params.query.unwrap_or_default().trim().to_lowercase();
    let store = state.read();
    let matches = |environment: &Environment| {
        environment.display_name().to_lowercase().contains(&query)
            || environment
                .repo_map
                .values()
                .any(|repo| repo.full_name().is_some_and(|name| name.to_lowercase().contains(&query)))
    };
    Json(store.environments.iter().filter(|environment| matches(environment)).map(public).collect())
}

/// `POST /wham/environments`: a new environment from the fields sent (a name and a repository
/// at least); answers it, secrets masked.
pub async fn create(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<EnvironmentInput>,
) -> AppResult<(StatusCode, Json<Environment>)> {
    let created = state.mutate(|store| {
        environment_edit::check(store, &input, true)?;
        if store.environments.len() >= environment_edit::MAX_ENVIRONMENTS {
            return Err(AppError::new(StatusCode::CONFLICT, "this server holds as many environments as it can"));
        }
        let mut environment = Environment {
            id: format!("env_{}", store.new_id("")),
            creator_id: Some("user-local".into()),
            share_settings: Some("workspace".into()),
            task_count: Some(0),
            created_at: Some(crate::now().into()),
            machine_id: store.machines.first().map(|machine| machine.machine_id.clone()),
            ..Default::default()
        };
        environment_edit::apply(store, &mut environment, input);
        store.environments.push(environment.clone());
        Ok(public(&environment))
    })?;
    state.persisted().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `PATCH /wham/environments/{environment_id}`: changes the fields sent; answers the
/// environment, secrets masked.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<EnvironmentInput>,
) -> AppResult<Json<Environment>> {
    let updated = state.mutate(|store| {
        let index = store
            .environments
            .iter()
            .position(|environment| environment.id == id)
            .ok_or_else(|| AppError::not_found("environment", &id))?;
        environment_edit::check(store, &input, false)?;
        let mut environment = store.environments[index].clone();
        environment_edit::apply(store, &mut environment, input);
        store.environments[index] = environment.clone();
        Ok::<_, AppError>(public(&environment))
    })?;
    state.persisted().await?;
    Ok(Json(updated))
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
