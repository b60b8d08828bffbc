//! A repository's code review preference, changed and read back; a refusal names the field. A
//! code review task (`[review]` in the prompt) and the task that fixes its findings
//! (`review_fix`).

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use wham_api::models::*;
use wham_server::Config;

#[tokio::test]
async fn a_review_preference_is_changed_and_kept() {
    let server = TestServer::start(Config::default()).await;
    let (_, before) = server.get("/backend-api/wham/settings/code_review").await;
    let repo = before["repo_review_settings"][0]["repository"]["id"].as_str().unwrap().to_string();
    let path = "/backend-api/wham/settings/code_review";
    let body = json!({"repository_id": repo, "review_preference": "never"});
    let (status, saved) = server.send(Method::PATCH, path, Some(body)).await;
    assert_eq!(status, 200, "{saved}");
    let (_, after) = server.get(path).await;
    assert_eq!(after["repo_review_settings"][0]["review_preference"], "never");
    let (status, error) =
        server.send(Method::PATCH, path, Some(json!({"repository_id": repo, "review_preference": "sometimes"}))).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("review_preference")), "{error}");
    let (status, _) = server
        .send(Method::PATCH, path, Some(json!({"repository_id": "github-0", "review_preference": "never"})))
        .await;
    assert_eq!(status, 404);
}

async fn create(server: &TestServer, body: Value) -> (u16, Value) {
    server.send(Method::POST, "/backend-api/wham/tasks", Some(body)).await
}

async fn finished_answer(server: &TestServer, task_id: &str) -> Turn {
    for _ in 0..300 {
        let (_, bundle) = server.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
        let bundle: TaskBundle = serde_json::from_value(bundle).unwrap();
        if let Some(turn) = bundle.current_assistant_turn.filter(|turn| !turn.status().is_active()) {
            return turn;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the review never finished");
}

#[tokio::test]
async fn a_review_task_is_marked_and_its_findings_are_fixed_in_a_new_task() {
    let server = TestServer::start(Config { speed: 200.0, ..Default::default() }).await;
    let (_, environments) = server.get("/backend-api/wham/environments").await;
    let environment = environments[0]["id"].as_str().unwrap().to_string();
    let ask = CreateTaskRequest::new_task(&environment, Some("main"), "[review] Review pull request #42.", false, 1);
    let (status, created) = create(&server, serde_json::to_value(ask).unwrap()).await;
    assert_eq!(status, 200, "{created}");
    let review_id = created["task"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["task"]["is_review"], true);
    let (_, list) = server.get("/backend-api/wham/tasks/list?task_filter=all&limit=50").await;
    let row = list["items"].as_array().unwrap().iter().find(|item| item["id"] == review_id.as_str()).unwrap();
    assert_eq!(row["is_review"], true);

    // The body the official web client sends: the ids and no message.
    let answer_id = created["turn"]["id"].as_str().unwrap().to_string();
    let fix = serde_json::to_value(CreateTaskRequest::review_fix(&review_id, &answer_id)).unwrap();
    assert_eq!(fix, json!({"review_fix": {"task_id": review_id, "turn_id": answer_id}, "input_items": []}));
    let answer = finished_answer(&server, &review_id).await;
    let fix = serde_json::to_value(CreateTaskRequest::review_fix(&review_id, &answer.id)).unwrap();
    let (status, fixing) = create(&server, fix).await;
    assert_eq!(status, 200, "{fixing}");
    let fix_id = fixing["task"]["id"].as_str().unwrap();
    assert_ne!(fix_id, review_id);
    assert_eq!(fixing["task"]["is_review"], false);
    let prompt = serde_json::from_value::<Turn>(fixing["user_turn"].clone()).unwrap().input_text();
    assert!(prompt.contains("Fix the issues code review found in \"Review pull request #42\""), "{prompt}");

    // A task that is not a review, an answer not in the review, a task that is not there.
    let plain = CreateTaskRequest::new_task(&environment, Some("main"), "Tidy the README.", false, 1);
    let (_, plain) = create(&server, serde_json::to_value(plain).unwrap()).await;
    let plain_id = plain["task"]["id"].as_str().unwrap();
    let plain_turn = plain["turn"]["id"].as_str().unwrap();
    let (status, error) =
        create(&server, serde_json::to_value(CreateTaskRequest::review_fix(plain_id, plain_turn)).unwrap()).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("review_fix.task_id")), "{error}");
    let (status, error) =
        create(&server, serde_json::to_value(CreateTaskRequest::review_fix(&review_id, plain_turn)).unwrap()).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("review_fix.turn_id")), "{error}");
    let (status, _) =
        create(&server, serde_json::to_value(CreateTaskRequest::review_fix("task_e_nope", "x")).unwrap()).await;
    assert_eq!(status, 404);
    let (status, _) = create(&server, json!({"review_fix": "yes", "input_items": []})).await;
    assert!(status == 400 || status == 422, "{status}");
}
