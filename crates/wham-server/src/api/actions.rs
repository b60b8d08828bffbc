//! Task and turn actions: archive and recover, cancel, fork, mark read and viewed, discard and
//! undo, copy `git apply`, create and update pull requests, speculative turn views.

use super::body::JsonBody;
use crate::error::{AppError, AppResult};
use crate::state::TaskRecord;
use crate::{agent, AppState};
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};
use wham_api::models::*;

/// Changes one task under the store's lock, then waits until the change is persisted.
async fn change_task<T>(
    state: &AppState,
    task_id: &str,
    change: impl FnOnce(&mut TaskRecord) -> AppResult<T>,
) -> AppResult<T> {
    let result = state.mutate(|store| {
        let record = store.tasks.get_mut(task_id).ok_or_else(|| AppError::not_found("task", task_id))?;
        change(record)
    });
    if result.is_ok() {
        state.persisted().await?;
    }
    result
}

fn success() -> Json<Value> {
    Json(json!({"success": true}))
}

fn turn_mut<'a>(record: &'a mut TaskRecord, turn_id: &str) -> AppResult<&'a mut Turn> {
    record.turns.get_mut(turn_id).map(|node| &mut node.turn).ok_or_else(|| AppError::not_found("turn", turn_id))
}

/// Archives a task, or brings it back: one change either way.
async fn set_archived(state: AppState, task_id: String, archived: bool) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        record.set_archived(archived, crate::now());
        Ok(())
    })
    .await?;
    Ok(success())
}

pub async fn archive(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    set_archived(state, task_id, true).await
}

/// Un-archives a task.
pub async fn recover(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    set_archived(state, task_id, false).await
}

/// Cancels every running turn of the task.
pub async fn cancel_task(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    let cancelled = change_task(&state, &task_id, |record| {
        let active: Vec<String> = record
            .turns
            .values()
            .filter(|node| node.turn.is_assistant() && node.turn.status().is_active())
            .map(|node| node.id.clone())
            .collect();
        let now = crate::now();
        Ok(active.iter().filter(|turn_id| agent::cancel(record, turn_id, now)).count())
    })
    .await?;
    Ok(Json(json!({"success": cancelled > 0})))
}

pub async fn cancel_turn(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let cancelled = change_task(&state, &task_id, |record| {
        turn_mut(record, &turn_id)?;
        Ok(agent::cancel(record, &turn_id, crate::now()))
    })
    .await?;
    Ok(Json(json!({"success": cancelled})))
}

pub async fn mark_read(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        record.task.has_unread_turn = false;
        Ok(())
    })
    .await?;
    Ok(success())
}

/// Marks a turn viewed; viewing the current turn clears the task's unread flag.
pub async fn viewed(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        turn_mut(record, &turn_id)?.extra.insert("viewed".into(), Value::Bool(true));
        if record.task.current_turn_id.as_deref() == Some(turn_id.as_str()) {
            record.task.has_unread_turn = false;
        }
        Ok(())
    })
    .await?;
    Ok(success())
}

/// Forks a task: a new task with a copy of the turns so far. Answers `{task}`.
pub async fn fork(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    let forked = state.mutate(|store| store.fork_task(&task_id, crate::now()))?;
    state.persisted().await?;
    Ok(Json(json!({"task": forked})))
}

/// Discards a turn (a best-of-N candidate the person does not want). If it was the current
/// turn, the next candidate that is not discarded becomes current.
pub async fn discard(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        let siblings = {
            let turn = turn_mut(record, &turn_id)?;
            turn.discarded = Some(true);
            turn.sibling_turn_ids.clone()
        };
        if record.task.current_turn_id.as_deref() == Some(turn_id.as_str()) {
            if let Some(next) =
                siblings.iter().find(|id| record.turn(id).is_some_and(|turn| turn.discarded != Some(true)))
            {
                record.task.current_turn_id = Some(next.clone());
            }
        }
        record.refresh_metadata();
        Ok(())
    })
    .await?;
    Ok(success())
}

pub async fn undo_discards(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        let mut ids = turn_mut(record, &turn_id)?.sibling_turn_ids.clone();
        ids.push(turn_id.clone());
        for id in ids {
            if let Some(node) = record.turns.get_mut(&id) {
                node.turn.discarded = Some(false);
            }
        }
        Ok(())
    })
    .await?;
    Ok(success())
}

/// Returns the `git apply` command for the turn's diff.
pub async fn copy_git_apply(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<GitApplyResponse>> {
    let store = state.read();
    let record = store.task(&task_id).ok_or_else(|| AppError::not_found("task", &task_id))?;
    let turn = record.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
    let diff = turn.diff().ok_or_else(|| AppError::invalid("turn_id", "this turn has no diff to apply"))?;
    Ok(Json(GitApplyResponse {
        // The form no diff content can break out of (see wham_api::git_apply).
        git_apply: wham_api::git_apply::command(&diff.diff),
        diff: Some(diff.diff.clone()),
        extra: Default::default(),
    }))
}

/// `POST …/turns/{turn_id}/pr`: opens a pull request from the turn's diff.
pub async fn create_pr(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<Option<CreatePrRequest>>,
) -> AppResult<Json<ExternalPullRequest>> {
    let request = body.unwrap_or_default();
    let pr =
        state.mutate(|store| store.create_pull_request(&task_id, &turn_id, request.mode.as_deref(), crate::now()))?;
    state.persisted().await?;
    Ok(Json(pr))
}

/// `PATCH …/turns/{turn_id}/pr/{pr_id}`: pushes this turn's changes to the existing PR.
pub async fn update_pr(
    State(state): State<AppState>,
    Path((task_id, turn_id, pr_id)): Path<(String, String, String)>,
) -> AppResult<Json<ExternalPullRequest>> {
    let pr = change_task(&state, &task_id, |record| {
        let turn = record.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
        if turn.diff().is_none() {
            return Err(AppError::invalid("turn_id", "this turn has no changes to push"));
        }
        let now = crate::now();
        let pr = record
            .task
            .external_pull_requests
            .iter_mut()
            .find(|pr| pr.id == pr_id)
            .ok_or_else(|| AppError::not_found("pull request", &pr_id))?;
        pr.assistant_turn_id = Some(turn_id.clone());
        pr.codex_updated_sha = Some(format!("{:040x}", now as u64 * 69_069));
        let pr = pr.clone();
        if let Some(node) = record.turns.get_mut(&turn_id) {
            node.turn.pull_request_status = Some("updated".into());
        }
        if let Some(metadata) = record.task.denormalized_metadata.as_mut() {
            metadata.last_pushed_turn_id = Some(turn_id.clone());
        }
        record.updated_at = now;
        record.refresh_metadata();
        Ok(pr)
    })
    .await?;
    Ok(Json(pr))
}

/// `GET …/speculative_turns/{turn_id}`: a best-of-N candidate.
pub async fn speculative_turn(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<TurnResponse>> {
    super::tasks::turn(State(state), Path((task_id, turn_id))).await
}

/// `GET …/speculative_turns/{turn_id}/view`: records that the person looked at a candidate.
pub async fn speculative_view(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        let turn = turn_mut(record, &turn_id)?;
        let views = turn.extra.get("view_count").and_then(Value::as_u64).unwrap_or(0) + 1;
        turn.extra.insert("view_count".into(), json!(views));
        Ok(())
    })
    .await?;
    Ok(success())
}
