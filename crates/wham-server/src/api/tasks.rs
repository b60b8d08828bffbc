//! Reading tasks: the list, search, the feed, the bundle, turns.

use super::pagination::{self, Position};
use super::query::QueryParams;
use crate::error::{AppError, AppResult};
use crate::state::{Store, TaskRecord};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use wham_api::models::*;

/// The query parameters of the list, search and feed endpoints. Kept as text: each is checked
/// below with a message naming it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    task_filter: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
    environment_id: Option<String>,
    /// Search only.
    query: Option<String>,
}

type Params = QueryParams<ListParams>;

fn filter(params: &ListParams) -> AppResult<TaskFilter> {
    match params.task_filter.as_deref() {
        None | Some("") => Ok(TaskFilter::Current),
        Some(text) => match TaskFilter::parse(text) {
            TaskFilter::Unknown(other) => Err(AppError::invalid(
                "task_filter",
                format!("task_filter must be current, all or archived, got {other:?}"),
            )),
            known => Ok(known),
        },
    }
}

fn keep(task: &TaskRecord, filter: &TaskFilter) -> bool {
    match filter {
        TaskFilter::Current => !task.task.archived,
        TaskFilter::Archived => task.task.archived,
        _ => true,
    }
}

/// One page of tasks, newest first, after the cursor.
fn page(store: &Store, params: &ListParams, matches: impl Fn(&TaskRecord) -> bool) -> AppResult<TaskListResponse> {
    let filter = filter(params)?;
    let limit = pagination::limit(params.limit.as_deref())?;
    let after = params.cursor.as_deref().filter(|cursor| !cursor.is_empty()).map(pagination::decode).transpose()?;
    let environment = params.environment_id.as_ref().filter(|id| !id.is_empty());
    let mut rows: Vec<&TaskRecord> = store
        .tasks
        .values()
        .filter(|task| keep(task, &filter))
        .filter(|task| environment.is_none_or(|id| &task.environment_id == id))
        .filter(|task| matches(task))
        .filter(|task| {
            after.as_ref().is_none_or(|position| pagination::is_after(position, task.updated_at, &task.task.id))
        })
        .collect();
    rows.sort_by(|a, b| b.updated_at.total_cmp(&a.updated_at).then_with(|| b.task.id.cmp(&a.task.id)));
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let cursor = if has_more {
        rows.last().map(|last| pagination::encode(&Position { updated_at: last.updated_at, id: last.task.id.clone() }))
    } else {
        None
    };
    let items = rows.into_iter().map(|task| task.summary(environment_label(store, task))).collect();
    Ok(TaskListResponse { items, cursor, extra: Default::default() })
}

pub fn environment_label(store: &Store, task: &TaskRecord) -> Option<String> {
    store
        .environment(&task.environment_id)
        .map(Environment::display_name)
        .or_else(|| task.task.denormalized_metadata.as_ref().and_then(|metadata| metadata.environment_label.clone()))
}

/// `GET /wham/tasks/list?limit&task_filter&cursor&environment_id`.
pub async fn list(State(state): State<AppState>, QueryParams(params): Params) -> AppResult<Json<TaskListResponse>> {
    let store = state.read();
    Ok(Json(page(&store, &params, |_| true)?))
}

/// `GET /wham/tasks/search?query&limit&cursor&task_filter`. Without a filter, search covers
/// archived tasks too, as the official client's search does.
pub async fn search(
    State(state): State<AppState>,
    QueryParams(mut params): Params,
) -> AppResult<Json<TaskListResponse>> {
    let query = params.query.clone().unwrap_or_default();
    if query.trim().is_empty() {
        return Err(AppError::invalid("query", "query must not be empty"));
    }
    params.task_filter.get_or_insert_with(|| "all".into());
    let store = state.read();
    Ok(Json(page(&store, &params, |task| task.matches(query.trim()))?))
}

/// `GET /wham/tasks`: the feed of recent tasks with their latest assistant turn.
pub async fn feed(State(state): State<AppState>, QueryParams(params): Params) -> AppResult<Json<TaskFeedResponse>> {
    let store = state.read();
    let list = page(&store, &params, |_| true)?;
    let items = list
        .items
        .iter()
        .filter_map(|summary| store.task(&summary.id))
        .map(|task| TaskFeedItem {
            task: task.task.clone(),
            turn: task.current_assistant_turn().cloned(),
            extra: Default::default(),
        })
        .collect();
    Ok(Json(TaskFeedResponse { items, cursor: list.cursor, extra: Default::default() }))
}

pub fn find<'a>(store: &'a Store, task_id: &str) -> AppResult<&'a TaskRecord> {
    store.task(task_id).ok_or_else(|| AppError::not_found("task", task_id))
}

/// `GET /wham/tasks/{task_id}`.
pub async fn bundle(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<TaskBundle>> {
    let store = state.read();
    Ok(Json(find(&store, &task_id)?.bundle()))
}

/// `GET /wham/tasks/{task_id}/turns`.
pub async fn turn_mapping(
    State(state): State<AppState>,
    Path(task_id): Path<String>,
) -> AppResult<Json<TurnMappingResponse>> {
    let store = state.read();
    let task = find(&store, &task_id)?;
    Ok(Json(TurnMappingResponse {
        turn_mapping: task.turns.clone(),
        current_turn_id: task.task.current_turn_id.clone(),
        extra: Default::default(),
    }))
}

/// `GET /wham/tasks/{task_id}/turns/{turn_id}`.
pub async fn turn(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<TurnResponse>> {
    let store = state.read();
    let task = find(&store, &task_id)?;
    let turn = task.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
    Ok(Json(TurnResponse { turn: turn.clone(), extra: Default::default() }))
}

/// `GET /wham/tasks/{task_id}/logs`: every turn's log lines, as task-level entries.
pub async fn task_logs(State(state): State<AppState>, Path(task_id): Path<String>) -> AppResult<Json<TurnLogs>> {
    let store = state.read();
    let task = find(&store, &task_id)?;
    let mut turns: Vec<&Turn> = task.turns.values().map(|node| &node.turn).filter(|turn| turn.is_assistant()).collect();
    turns.sort_by(|a, b| {
        let at = |turn: &Turn| turn.created_at.as_ref().and_then(|stamp| stamp.as_seconds()).unwrap_or(0.0);
        at(a).total_cmp(&at(b))
    });
    let logs = turns
        .iter()
        .flat_map(|turn| {
            turn.logs.iter().flat_map(|logs| logs.logs.iter()).map(move |entry| LogEntry {
                timestamp: entry.key.as_ref().and_then(|key| key.created_at.clone()),
                level: Some(if entry.text().contains("ERR") { "error" } else { "info" }.into()),
                message: Some(entry.text().to_string()),
                source: Some(turn.id.clone()),
                ..Default::default()
            })
        })
        .collect();
    Ok(Json(TurnLogs { logs, extra: Default::default() }))
}

/// `GET /wham/tasks/{task_id}/turns/{turn_id}/logs`.
pub async fn turn_logs(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<TurnLogs>> {
    let store = state.read();
    let task = find(&store, &task_id)?;
    let turn = task.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
    Ok(Json(turn.logs.clone().unwrap_or_default()))
}

/// `GET /wham/tasks/{task_id}/turns/{turn_id}/sibling_turns`: the other attempts.
pub async fn sibling_turns(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
) -> AppResult<Json<SiblingTurnsResponse>> {
    let store = state.read();
    let task = find(&store, &task_id)?;
    let turn = task.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
    let sibling_turns = turn.sibling_turn_ids.iter().filter_map(|id| task.turn(id)).cloned().collect();
    Ok(Json(SiblingTurnsResponse { sibling_turns, extra: Default::default() }))
}
