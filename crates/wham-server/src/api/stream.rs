//! The turn stream (`…/turns/{turn_id}/stream?item_type=…`, GET and POST) and environment
//! diagnostics (`POST /wham/environments/test`), as Server-Sent Events.
//!
//! Every event carries its sequence number as the SSE `id` and as the JSON `id`; a client that
//! reconnects with `Last-Event-ID` gets exactly the events after it. A stream on a finished turn
//! replays its history and ends; on a running turn it follows new events until the turn ends.

use super::query::QueryParams;
use crate::error::{AppError, AppResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::Stream;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::time::Duration;
use wham_api::sse::StreamItem;

/// Decrements the open-stream count when a stream ends or its client goes away.
struct OpenStream(AppState);

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.open_streams.fetch_sub(1, Ordering::SeqCst);
        tracing::debug!("turn stream closed");
    }
}

fn last_event_id(headers: &HeaderMap, query: &[(String, String)]) -> u64 {
    headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
        .or_else(|| query.iter().find(|(key, _)| key == "last_event_id").map(|(_, value)| value.clone()))
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
}

fn event_of(item: &StreamItem) -> Event {
    let data = serde_json::to_string(item).unwrap_or_else(|_| "{}".into());
    let event = Event::default().data(data);
    match &item.id {
        Some(id) => event.id(id.clone()),
        None => event,
    }
}

/// `GET|POST /wham/tasks/{task_id}/turns/{turn_id}/stream?item_type=…`.
pub async fn turn_stream(
    State(state): State<AppState>,
    Path((task_id, turn_id)): Path<(String, String)>,
    QueryParams(query): QueryParams<Vec<(String, String)>>,
    headers: HeaderMap,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    {
        let store = state.read();
        let task = store.task(&task_id).ok_or_else(|| AppError::not_found("task", &task_id))?;
        task.turn(&turn_id).ok_or_else(|| AppError::not_found("turn", &turn_id))?;
    }
    let kinds: Vec<String> =
        query.iter().filter(|(key, _)| key == "item_type").map(|(_, value)| value.clone()).collect();
    let mut sent = last_event_id(&headers, &query);
    let mut changes = state.version.subscribe();
    state.open_streams.fetch_add(1, Ordering::SeqCst);
    let guard = OpenStream(state.clone());
    let stream = async_stream::stream! {
        let _guard = guard;
        loop {
            changes.borrow_and_update();
            // Events and the turn's status are read under one lock: a turn that is no longer
            // active has all its events recorded.
            let (batch, active) = {
                let store = state.read();
                let Some(task) = store.task(&task_id) else { break };
                let events = task.events.get(&turn_id).map(Vec::as_slice).unwrap_or(&[]);
                let batch: Vec<StreamItem> = events.iter().skip(sent as usize).cloned().collect();
                let active = task.turn(&turn_id).is_some_and(|turn| turn.status().is_active());
                (batch, active)
            };
            for item in batch {
                sent += 1;
                if kinds.is_empty() || kinds.contains(&item.item_type) {
                    yield Ok(event_of(&item));
                }
            }
            if !active {
                break;
            }
            if changes.changed().await.is_err() {
                break;
            }
        }
    };
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(10))))
}

/// `POST /wham/environments/test`: provisions (in simulation) the posted environment and
/// streams its diagnostics as `log` items, then a result.
pub async fn environment_test(
    State(state): State<AppState>,
    super::body::JsonBody(body): super::body::JsonBody<Value>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let environment: wham_api::models::Environment = serde_json::from_value(body.clone())
        .map_err(|error| AppError::invalid("environment", format!("not an environment definition: {error}")))?;
    let repos: Vec<String> = match body.get("repos").and_then(Value::as_array) {
        Some(repos) => repos
            .iter()
            .filter_map(|repo| {
                repo.as_str()
                    .map(str::to_string)
                    .or_else(|| repo.get("repository_full_name").and_then(Value::as_str).map(str::to_string))
            })
            .collect(),
        None => Vec::new(),
    };
    if repos.is_empty() && environment.repo_map.is_empty() {
        return Err(AppError::invalid("repos", "an environment test needs at least one repository"));
    }
    let setup = environment.setup.as_ref().map(|script| script.text()).unwrap_or_default();
    let mut lines = vec!["Provisioning machine wham-public/wham-universal".to_string()];
    for repo in &repos {
        // `repos` holds repo_map keys (`github-…`) in stored environments, full names in tests.
        let repo = environment.repo_map.get(repo).and_then(|entry| entry.full_name()).unwrap_or(repo);
        lines.push(format!("Cloning {repo} into {}", environment.workspace_dir.as_deref().unwrap_or("/workspace")));
    }
    for (key, value) in &environment.env_vars {
        lines.push(format!("{key}={value}"));
    }
    for line in setup.lines().filter(|line| !line.trim().is_empty()) {
        lines.push(format!("$ {line}"));
    }
    let failed = setup.contains("exit 1");
    lines.push(if failed { "Setup script exited with status 1".into() } else { "Setup finished".into() });
    let speed = state.config.speed.max(0.001);
    let stream = async_stream::stream! {
        let mut id = 0u64;
        for line in lines {
            tokio::time::sleep(Duration::from_secs_f64(0.3 / speed)).await;
            id += 1;
            let item = json!({"id": id.to_string(), "item_type": "log", "key": {"type": "EnvironmentTest", "name": "setup"}, "line": line});
            yield Ok(Event::default().id(id.to_string()).data(item.to_string()));
        }
        id += 1;
        let result = json!({"id": id.to_string(), "item_type": "environment_test_result", "status": if failed { "failed" } else { "succeeded" }});
        yield Ok(Event::default().id(id.to_string()).data(result.to_string()));
    };
    Ok(Sse::new(stream))
}

/// `GET /_debug/streams`: how many turn streams are open (tests check that leaving a page
/// closes its stream).
pub async fn open_streams(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"open": state.open_streams.load(Ordering::SeqCst)}))
}
