//! A repository's code review preference, changed and read back; a refusal names the field.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::json;
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
