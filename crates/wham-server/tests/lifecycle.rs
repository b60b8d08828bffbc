//! The full task lifecycle over real HTTP: creation, the simulated agent, the stream (all kinds,
//! resume, replay), follow-ups, best-of-N, cancellation, the rate limit.

mod common;

use common::TestServer;
use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use wham_api::models::*;
use wham_api::routes::{self, encode_component};
use wham_api::sse::{SseParser, StreamItem, StreamItemKind};
use wham_server::Config;

fn fast() -> Config {
    Config { speed: 200.0, ..Default::default() }
}

async fn first_environment(server: &TestServer) -> String {
    let (_, environments) = server.get("/backend-api/wham/environments").await;
    environments[0]["id"].as_str().unwrap().to_string()
}

fn new_task_body(environment_id: &str, prompt: &str, best_of_n: u32) -> Value {
    serde_json::to_value(CreateTaskRequest::new_task(environment_id, Some("main"), prompt, false, best_of_n)).unwrap()
}

async fn create(server: &TestServer, body: Value) -> CreateTaskResponse {
    let (status, response) = server.send(Method::POST, "/backend-api/wham/tasks", Some(body)).await;
    assert_eq!(status, 200, "{response}");
    serde_json::from_value(response).unwrap()
}

fn turn_path(task_id: &str, turn_id: &str, route: routes::Route) -> String {
    format!("/backend-api{}", route.path(&[("task_id", task_id), ("turn_id", turn_id)]))
}

/// Reads a whole stream (until the server ends it) with the shared SSE parser.
async fn read_stream(server: &TestServer, path: &str, last_event_id: Option<&str>) -> Vec<StreamItem> {
    let mut request = server.client.get(server.url(path));
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut parser = SseParser::new();
    let mut items = Vec::new();
    let mut body = response.bytes_stream();
    let reading = async {
        while let Some(chunk) = body.next().await {
            for event in parser.push(&chunk.unwrap()) {
                let item = StreamItem::parse(&event.data).expect("every event is JSON");
                assert_eq!(item.id.as_deref(), event.id.as_deref(), "SSE id and JSON id agree");
                items.push(item);
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), reading).await.expect("the stream ends when the turn ends");
    items
}

async fn wait_finished(server: &TestServer, task_id: &str, turn_id: &str) -> Turn {
    for _ in 0..300 {
        let (_, body) = server.get(&turn_path(task_id, turn_id, routes::TURN)).await;
        let turn: TurnResponse = serde_json::from_value(body).unwrap();
        if !turn.turn.status().is_active() {
            return turn.turn;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("turn never finished");
}

#[tokio::test]
async fn a_new_task_runs_streams_and_finishes() {
    let server = TestServer::start(fast()).await;
    let environment = first_environment(&server).await;
    let created = create(&server, new_task_body(&environment, "Fix the login redirect loop on Safari.", 1)).await;
    let task_id = created.task.id.clone();
    let turn = created.turn.expect("assistant turn");
    assert_eq!(turn.status(), TurnStatus::Pending);
    assert!(created.user_turn.unwrap().input_text().contains("Safari"));
    assert!(created.rate_limit.is_some());
    assert!(!created.task.has_generated_title);

    let stream_path = format!("{}?item_type=thread_event&item_type=log&item_type=task_turn_event&item_type=work_log_message&item_type=task_title_generated", turn_path(&task_id, &turn.id, routes::TURN_STREAM));
    let items = read_stream(&server, &stream_path, None).await;
    let ids: Vec<u64> = items.iter().map(|item| item.id.as_deref().unwrap().parse().unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "ids strictly increase: {ids:?}");
    assert_eq!(ids[0], 1);
    let kinds: std::collections::BTreeSet<&str> = items.iter().map(|item| item.item_type.as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        vec!["log", "task_title_generated", "task_turn_event", "thread_event", "work_log_message"]
    );

    // What the stream said equals what a GET says.
    let finished = wait_finished(&server, &task_id, &turn.id).await;
    assert_eq!(finished.status(), TurnStatus::Completed);
    let streamed_message: String = items
        .iter()
        .filter_map(|item| match item.kind() {
            StreamItemKind::ThreadEvent(event) if event.method == "item/agentMessage/delta" => {
                event.delta().map(str::to_string)
            }
            _ => None,
        })
        .collect();
    let final_text = finished.output_items.iter().find_map(|item| match item {
        OutputItem::Message(message) => message.content.iter().find_map(|part| part.plain_text().map(str::to_string)),
        _ => None,
    });
    assert_eq!(Some(streamed_message), final_text);
    let streamed_logs: Vec<String> = items
        .iter()
        .filter_map(|item| match item.kind() {
            StreamItemKind::Log { line } => Some(line.to_string()),
            _ => None,
        })
        .collect();
    let stored_logs: Vec<String> =
        finished.logs.clone().unwrap().logs.iter().map(|entry| entry.text().to_string()).collect();
    assert_eq!(streamed_logs, stored_logs);
    let thread_events: Vec<&ThreadEvent> = items.iter().filter_map(|item| item.event.as_ref()).collect();
    assert_eq!(thread_events.len(), finished.thread_events.as_ref().unwrap().events.len());
    assert!(finished.diff().is_some(), "a code task ends with a diff");

    // The task got its generated title, is unread, and shows the diff stats.
    let (_, bundle) = server.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
    let bundle: TaskBundle = serde_json::from_value(bundle).unwrap();
    assert!(bundle.task.has_generated_title);
    assert_eq!(bundle.task.title, "Fix the login redirect loop on Safari");
    assert!(bundle.task.has_unread_turn);
    assert!(bundle.task.denormalized_metadata.unwrap().diff_stats.unwrap().files_modified.unwrap() > 0);
    assert_eq!(bundle.current_diff_task_turn.map(|turn| turn.id), Some(turn.id.clone()));

    // A stream opened on the finished turn replays everything, then ends.
    let replay = read_stream(&server, &stream_path, None).await;
    assert_eq!(replay, items);
    // Resume after any event gives exactly the rest.
    for cut in [1usize, items.len() / 2, items.len() - 1] {
        let resume_id = items[cut - 1].id.clone().unwrap();
        let rest = read_stream(&server, &stream_path, Some(&resume_id)).await;
        assert_eq!(rest, items[cut..].to_vec(), "resume after {resume_id}");
    }
    // Selecting kinds filters without renumbering.
    let only_logs =
        read_stream(&server, &format!("{}?item_type=log", turn_path(&task_id, &turn.id, routes::TURN_STREAM)), None)
            .await;
    let expected: Vec<StreamItem> = items.iter().filter(|item| item.item_type == "log").cloned().collect();
    assert_eq!(only_logs, expected);
    // POST answers the same stream.
    let posted = server.client.post(server.url(&stream_path)).send().await.unwrap();
    assert!(posted.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
}

#[tokio::test]
async fn a_live_stream_follows_the_turn_until_it_ends() {
    let server = TestServer::start(Config { speed: 40.0, ..Default::default() }).await;
    let environment = first_environment(&server).await;
    let created = create(&server, new_task_body(&environment, "Add retries to the uploader.", 1)).await;
    let turn = created.turn.unwrap();
    // Opened at once: the turn is pending, so the stream must wait for events as they happen.
    let items = read_stream(&server, &turn_path(&created.task.id, &turn.id, routes::TURN_STREAM), None).await;
    let last_status = items
        .iter()
        .rev()
        .find(|item| item.item_type == "task_turn_event")
        .and_then(|item| item.payload.clone())
        .unwrap();
    assert_eq!(last_status["turn_status"], "completed");
    let (_, open) = server.get("/backend-api/_debug/streams").await;
    assert_eq!(open["open"], 0, "the stream closed when the turn ended");
}

#[tokio::test]
async fn best_of_n_makes_siblings_and_follow_ups_make_children() {
    let server = TestServer::start(fast()).await;
    let environment = first_environment(&server).await;
    let created = create(&server, new_task_body(&environment, "Speed up the CSV export.", 3)).await;
    let task_id = created.task.id.clone();
    let first = created.turn.unwrap();
    assert_eq!(first.sibling_turn_ids.len(), 2);
    for sibling in &first.sibling_turn_ids {
        wait_finished(&server, &task_id, sibling).await;
    }
    wait_finished(&server, &task_id, &first.id).await;
    let (_, siblings) = server.get(&turn_path(&task_id, &first.id, routes::TURN_SIBLINGS)).await;
    let siblings: SiblingTurnsResponse = serde_json::from_value(siblings).unwrap();
    assert_eq!(siblings.sibling_turns.len(), 2);
    let placements: Vec<i64> = siblings.sibling_turns.iter().filter_map(|turn| turn.attempt_placement).collect();
    assert_eq!(placements, vec![1, 2]);

    let follow_up =
        serde_json::to_value(CreateTaskRequest::follow_up(&task_id, &first.id, "Now add a progress bar.", true, 1))
            .unwrap();
    let answer = create(&server, follow_up).await;
    assert_eq!(answer.task.id, task_id);
    let user_turn = answer.user_turn.unwrap();
    assert_eq!(user_turn.previous_turn_id.as_deref(), Some(first.id.as_str()));
    let child = answer.turn.unwrap();
    wait_finished(&server, &task_id, &child.id).await;
    let (_, mapping) = server.get(&format!("/backend-api/wham/tasks/{task_id}/turns")).await;
    let mapping: TurnMappingResponse = serde_json::from_value(mapping).unwrap();
    assert_eq!(mapping.turn_mapping.len(), 6, "user + 3 attempts + user + 1 answer");
    assert_eq!(mapping.turn_mapping[&first.id].children, vec![user_turn.id.clone()]);
    assert_eq!(mapping.turn_mapping[&user_turn.id].children, vec![child.id.clone()]);
    assert_eq!(mapping.current_turn_id.as_deref(), Some(child.id.as_str()));
    // Ask mode: an answer without a diff.
    let (_, child_turn) = server.get(&turn_path(&task_id, &child.id, routes::TURN)).await;
    let child_turn: TurnResponse = serde_json::from_value(child_turn).unwrap();
    assert!(child_turn.turn.diff().is_none());
    let (_, bundle) = server.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
    assert_eq!(bundle["task"]["denormalized_metadata"]["num_follow_ups"], 1);
}

#[tokio::test]
async fn cancelling_stops_the_turn_and_its_stream() {
    let server = TestServer::start(Config { speed: 1.0, ..Default::default() }).await;
    let environment = first_environment(&server).await;
    let created = create(&server, new_task_body(&environment, "A long refactor.", 1)).await;
    let task_id = created.task.id.clone();
    let turn = created.turn.unwrap();
    let stream_path = turn_path(&task_id, &turn.id, routes::TURN_STREAM);
    let server_ref = &server;
    let reader = async move { read_stream(server_ref, &stream_path, None).await };
    let canceller = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (status, body) = server.send(Method::POST, &turn_path(&task_id, &turn.id, routes::TURN_CANCEL), None).await;
        assert_eq!((status, body["success"].as_bool()), (200, Some(true)));
    };
    let (items, ()) = tokio::join!(reader, canceller);
    let last = items.last().unwrap();
    assert_eq!(last.payload.as_ref().unwrap()["turn_status"], "cancelled");
    let finished = wait_finished(&server, &task_id, &turn.id).await;
    assert_eq!(finished.status(), TurnStatus::Cancelled);
    // The agent stopped: nothing more is appended later.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let count = server.state.read().task(&task_id).unwrap().events[&turn.id].len();
    assert_eq!(count, items.len());
}

#[tokio::test]
async fn a_prompt_with_fail_fails_with_an_error_block() {
    let server = TestServer::start(fast()).await;
    let environment = first_environment(&server).await;
    let created = create(&server, new_task_body(&environment, "Break the build [fail]", 1)).await;
    let finished = wait_finished(&server, &created.task.id, &created.turn.unwrap().id).await;
    assert_eq!(finished.status(), TurnStatus::Failed);
    assert!(finished.error.unwrap().message().contains("setup script"));
}

#[tokio::test]
async fn creation_validates_the_body() {
    let server = TestServer::start(fast()).await;
    let environment = first_environment(&server).await;
    let (status, body) = server.send(Method::POST, "/backend-api/wham/tasks", Some(json!({"input_items": []}))).await;
    assert_eq!(status, 400);
    assert_eq!(body["detail"], "Must specify one of: follow_up, new_task, review_fix");
    let (status, body) =
        server.send(Method::POST, "/backend-api/wham/tasks", Some(new_task_body("env-nope", "x", 1))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("new_task.environment_id")));
    let (status, body) =
        server.send(Method::POST, "/backend-api/wham/tasks", Some(new_task_body(&environment, "x", 9))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("metadata.best_of_n")));
    let (status, body) =
        server.send(Method::POST, "/backend-api/wham/tasks", Some(new_task_body(&environment, "   ", 1))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("input_items")));
    let (status, body) =
        server.send(Method::POST, "/backend-api/wham/tasks", Some(json!({"new_task": {"environment_id": 5}}))).await;
    assert_eq!(status, 422);
    assert_eq!(body["field"], "new_task.environment_id");
    let raw = server
        .client
        .post(server.url("/backend-api/wham/tasks"))
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    let raw: Value = raw.json().await.unwrap();
    assert!(raw["detail"].as_str().unwrap().contains("not JSON"));
}

#[tokio::test]
async fn the_rate_limit_refuses_with_the_reset_time_and_reports_the_same_numbers() {
    let server = TestServer::start(fast()).await;
    server.state.mutate(|store| store.rate_limit_per_window = 2);
    let environment = first_environment(&server).await;
    for _ in 0..2 {
        create(&server, new_task_body(&environment, "One more task.", 1)).await;
    }
    let (status, body) =
        server.send(Method::POST, "/backend-api/wham/tasks", Some(new_task_body(&environment, "Too many.", 1))).await;
    assert_eq!(status, 429);
    let resets_at = body["resets_at"].as_f64().expect("429 says when the window resets");
    assert!(resets_at > wham_server::now() + 3000.0);
    let (_, limit) = server.get("/backend-api/wham/tasks/rate_limit").await;
    let limit: RateLimit = serde_json::from_value(limit).unwrap();
    assert_eq!((limit.remaining, limit.limit, limit.allowed), (Some(0.0), Some(2.0), Some(false)));
    assert!((wham_server::now() + limit.resets_after.unwrap() - resets_at).abs() < 5.0);
    let (_, usage) = server.get("/backend-api/wham/usage").await;
    assert_eq!(usage["rate_limit"]["primary_window"]["used_percent"], 100.0);
}

#[tokio::test]
async fn encoded_turn_ids_work_in_paths() {
    let server = TestServer::start(fast()).await;
    let (task_id, turn_id) = {
        let store = server.state.read();
        let task = store.tasks.values().find(|task| task.current_assistant_turn().is_some()).unwrap();
        (task.task.id.clone(), task.task.current_turn_id.clone().unwrap())
    };
    assert!(turn_id.contains('~'));
    let path = format!("/backend-api/wham/tasks/{}/turns/{}", encode_component(&task_id), turn_id.replace('~', "%7E"));
    let (status, body) = server.get(&path).await;
    assert_eq!(status, 200);
    assert_eq!(body["turn"]["id"], turn_id);
}
