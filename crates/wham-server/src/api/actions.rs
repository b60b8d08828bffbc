//! Task and turn actions: archive and recover, cancel, fork, mark read and viewed, discard and
//! undo, copy `git apply`, create and update pull requests, speculative turn views.

use super::body::JsonBody;
use crate::error::{AppError, AppResult};
use crate::state::TaskRecord;
use crate::{agent, turns, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
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

pub async fn archive(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        record.task.archived = true;
        record.updated_at = crate::now();
        record.refresh_metadata();
        Ok(())
    })
    .await?;
    Ok(success())
}

/// Un-archives a task.
pub async fn recover(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    change_task(&state, &task_id, |record| {
        record.task.archived = false;
        record.updated_at = crate::now();
        record.refresh_metadata();
        Ok(())
    })
    .await?;
    Ok(success())
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
/// Forks add tasks without the creation rate limit, so the store is bounded here.
const MAX_TASKS: usize = 20_000;

pub async fn fork(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<Value>> {
    let forked = state.mutate(|store| {
        let original = store.tasks.get(&task_id).cloned().ok_or_else(|| AppError::not_found("task", &task_id))?;
        if original.status().is_active() {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "a running task cannot be forked; wait for it or cancel it",
            ));
        }
        if store.tasks.len() >= MAX_TASKS {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                format!(
                    "this server holds at most {MAX_TASKS} tasks; archive is not enough, restart it to start afresh"
                ),
            ));
        }
        let new_id = format!("task_e_{}", store.new_id(""));
        let rename = |id: &str| id.replacen(&task_id, &new_id, 1);
        let mut record = original.clone();
        record.task.id = new_id.clone();
        // A fork of a fork is still "(fork)", not "(fork) (fork)": titles do not grow.
        record.task.title = if original.task.title.ends_with(" (fork)") {
            original.task.title.clone()
        } else {
            format!("{} (fork)", original.task.title)
        };
        record.task.archived = false;
        record.task.has_unread_turn = false;
        record.task.external_pull_requests.clear();
        record.task.current_turn_id = original.task.current_turn_id.as_deref().map(rename);
        record.task.created_at = Some(crate::now().into());
        record.updated_at = crate::now();
        record.turns = original
            .turns
            .iter()
            .map(|(id, node)| {
                let mut node = node.clone();
                node.id = rename(&node.id);
                node.turn.id = rename(&node.turn.id);
                node.turn.previous_turn_id = node.turn.previous_turn_id.as_deref().map(rename);
                node.turn.sibling_turn_ids = node.turn.sibling_turn_ids.iter().map(|id| rename(id)).collect();
                node.parent = node.parent.as_deref().map(rename);
                node.children = node.children.iter().map(|id| rename(id)).collect();
                (rename(id), node)
            })
            .collect();
        record.events = original.events.iter().map(|(id, events)| (rename(id), events.clone())).collect();
        record.refresh_metadata();
        let task = record.task.clone();
        store.tasks.insert(new_id, record);
        Ok(task)
    })?;
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
    if let Some(mode) = request.mode.as_deref() {
        if !matches!(mode, "draft" | "auto_merge" | "ready") {
            return Err(AppError::invalid("mode", format!("mode must be draft or auto_merge, got {mode:?}")));
        }
    }
    let pr = state.mutate(|store| {
        let number = 500 + store.next_id;
        let pr_id = format!("pr_{}", store.new_id(""));
        let record = store.tasks.get_mut(&task_id).ok_or_else(|| AppError::not_found("task", &task_id))?;
        let turn = record.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
        if turn.status().is_active() {
            return Err(AppError::new(StatusCode::CONFLICT, "the turn is still running"));
        }
        let diff = turn
            .diff()
            .ok_or_else(|| AppError::invalid("turn_id", "this turn has no changes to open a pull request for"))?;
        if record.task.external_pull_requests.iter().any(|pr| pr.pull_request.state.as_deref() == Some("open")) {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "this task already has an open pull request; update it instead",
            ));
        }
        let title = turn
            .output_items
            .iter()
            .find_map(|item| match item {
                OutputItem::Pr(pr) => pr.pr_title.clone(),
                _ => None,
            })
            .or(diff.commit_message.clone())
            .unwrap_or_else(|| record.task.title.clone());
        let repo = turn
            .environment
            .as_ref()
            .and_then(|environment| environment.primary_repository())
            .and_then(|repo| repo.full_name().map(str::to_string))
            .unwrap_or_else(|| "owner/repo".into());
        let branch = format!("codex/{}", title.to_lowercase().split_whitespace().take(6).collect::<Vec<_>>().join("-"));
        let mut pr = turns::pull_request(
            &pr_id,
            &turn_id,
            number,
            &repo,
            &branch,
            &title,
            request.mode.as_deref() == Some("draft"),
        );
        if request.mode.as_deref() == Some("auto_merge") {
            pr.pull_request.extra.insert("auto_merge".into(), Value::Bool(true));
        }
        record.task.external_pull_requests.push(pr.clone());
        if let Some(node) = record.turns.get_mut(&turn_id) {
            node.turn.pull_request_status = Some("created".into());
            node.turn.pull_request_data = Some(serde_json::to_value(&pr.pull_request).unwrap_or(Value::Null));
        }
        if let Some(metadata) = record.task.denormalized_metadata.as_mut() {
            metadata.pushed_branch_name = Some(branch);
            metadata.last_pushed_turn_id = Some(turn_id.clone());
        }
        record.updated_at = crate::now();
        record.refresh_metadata();
        Ok(pr)
    })?;
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
