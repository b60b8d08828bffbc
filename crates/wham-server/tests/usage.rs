//! The usage detail endpoints agree with what happened: a task started today is counted today;
//! the requirements say what the account has.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use wham_server::Config;

fn today(breakdown: &Value) -> (String, f64) {
    let last = breakdown["data"].as_array().unwrap().last().unwrap().clone();
    (last["date"].as_str().unwrap().to_string(), last["tasks"].as_f64().unwrap())
}

#[tokio::test]
async fn a_task_started_today_is_counted_today() {
    let server = TestServer::start(Config::default()).await;
    let (_, before) = server.get("/backend-api/wham/usage/daily-token-usage-breakdown").await;
    assert_eq!(before["data"].as_array().unwrap().len(), 14);
    let (date, count) = today(&before);
    assert_eq!(date.len(), 10, "yyyy-mm-dd: {date}");
    let (_, environments) = server.get("/backend-api/wham/environments").await;
    let body = json!({"new_task": {"environment_id": environments[0]["id"], "branch": "main"},
        "input_items": [{"type": "message", "role": "user", "content": [{"content_type": "text", "text": "Count me"}]}]});
    let (status, created) = server.send(Method::POST, "/backend-api/wham/tasks", Some(body)).await;
    assert_eq!(status, 200, "{created}");
    let (_, after) = server.get("/backend-api/wham/usage/daily-token-usage-breakdown").await;
    assert_eq!(today(&after), (date, count + 1.0));
    let (_, events) = server.get("/backend-api/wham/usage/credit-usage-events").await;
    assert_eq!(events["events"], json!([]));
    let (_, requirements) = server.get("/backend-api/wham/config/requirements").await;
    let satisfied: Vec<bool> =
        requirements["requirements"].as_array().unwrap().iter().map(|r| r["satisfied"].as_bool().unwrap()).collect();
    assert_eq!(satisfied, [true, true], "{requirements}");
}
