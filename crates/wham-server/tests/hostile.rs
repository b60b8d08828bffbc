//! Crafted requests: none may kill the server, leak a secret, or be taken from another site.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::json;
use wham_api::models::CreateTaskRequest;
use wham_server::{persist, Config};

#[tokio::test]
async fn crafted_cursors_get_errors_and_the_server_lives_on() {
    let server = TestServer::start(Config::default()).await;
    for query in [
        "cursor=%2BRID%3Aa%C3%A90",
        "cursor=%2BRID%3A%C3%A9",
        "cursor=%2BRID%3A%2B1",
        "cursor=%2BRID%3A",
        "cursor=%F0%9F%92%A5",
    ] {
        let (status, body) = server.get(&format!("/backend-api/wham/tasks/list?{query}")).await;
        assert!(status == 422 || status == 200, "{query}: {status} {body}");
        if status == 422 {
            assert_eq!(body["field"], "cursor", "{query}");
        }
    }
    let repo = server.state.read().branches.keys().next().unwrap().clone();
    let huge = format!(
        "/backend-api/wham/github/branches/{repo}/search?page_size=100&cursor=%2BRID%3Abranch%23{}",
        usize::MAX
    );
    let (status, body) = server.get(&huge).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["items"], json!([]));
    assert!(body["cursor"].is_null());
    // Still alive.
    assert_eq!(server.get("/backend-api/wham/tasks/list").await.0, 200);
}

#[tokio::test]
async fn a_panicking_handler_answers_500_instead_of_ending_the_process() {
    use axum::routing::get;
    let router = axum::Router::new()
        .route("/boom", get(|| async { panic!("a bug") as &'static str }))
        .route("/fine", get(|| async { "fine" }))
        .layer(wham_server::catch_panics());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::new();
    let boom = client.get(format!("http://{address}/boom")).send().await.unwrap();
    assert_eq!(boom.status().as_u16(), 500);
    let body: serde_json::Value = boom.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("bug"));
    assert_eq!(client.get(format!("http://{address}/fine")).send().await.unwrap().text().await.unwrap(), "fine");
}

#[tokio::test]
async fn bodies_not_declared_json_are_refused() {
    let server = TestServer::start(Config::default()).await;
    let environment = server.get("/backend-api/wham/environments").await.1[0]["id"].as_str().unwrap().to_string();
    let body = serde_json::to_string(&CreateTaskRequest::new_task(&environment, None, "Form post", false, 1)).unwrap();
    // What a cross-site <form enctype="text/plain"> or a no-cors fetch can send.
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let response = server
            .client
            .post(server.url("/backend-api/wham/tasks"))
            .header("Content-Type", content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 415, "{content_type}");
    }
    let before = server.state.read().tasks.len();
    let response =
        server.client.post(server.url("/backend-api/wham/feedback")).body("{\"text\":\"x\"}").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 415);
    assert_eq!(server.state.read().tasks.len(), before);
    // Declared JSON still works; an empty body needs no type.
    let (status, _) = server.send(Method::POST, "/backend-api/wham/feedback", Some(json!({"text": "ok"}))).await;
    assert_eq!(status, 200);
    let huge = json!({ "text": "x".repeat(100_000) });
    let (status, body) = server.send(Method::POST, "/backend-api/wham/feedback", Some(huge)).await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn forks_of_forks_do_not_grow_their_titles() {
    let server = TestServer::start(Config::default()).await;
    let task_id = {
        let store = server.state.read();
        store.tasks.values().find(|task| !task.status().is_active()).unwrap().task.id.clone()
    };
    let (status, first) = server.send(Method::POST, &format!("/backend-api/wham/tasks/{task_id}/fork"), None).await;
    assert_eq!(status, 200, "{first}");
    let first_id = first["task"]["id"].as_str().or(first["id"].as_str()).unwrap().to_string();
    let (_, second) = server.send(Method::POST, &format!("/backend-api/wham/tasks/{first_id}/fork"), None).await;
    let title = second["task"]["title"].as_str().or(second["title"].as_str()).unwrap().to_string();
    assert!(title.ends_with(" (fork)") && !title.ends_with("(fork) (fork)"), "{title}");
}

#[tokio::test]
async fn secrets_are_masked_inside_every_turn() {
    let server = TestServer::start(Config { speed: 200.0, ..Default::default() }).await;
    let environment_id = server.state.mutate(|store| {
        let environment = &mut store.environments[0];
        environment.secrets.insert("NPM_TOKEN".into(), json!("npm_supersecret"));
        environment.id.clone()
    });
    let body =
        serde_json::to_value(CreateTaskRequest::new_task(&environment_id, None, "Use the secret", false, 2)).unwrap();
    let (status, created) = server.send(Method::POST, "/backend-api/wham/tasks", Some(body)).await;
    assert_eq!(status, 200, "{created}");
    let task_id = created["task"]["id"].as_str().unwrap().to_string();
    let (_, mapping) = server.get(&format!("/backend-api/wham/tasks/{task_id}/turns")).await;
    let mut paths =
        vec![format!("/backend-api/wham/tasks/{task_id}"), format!("/backend-api/wham/tasks/{task_id}/turns")];
    for turn_id in
        mapping["turn_mapping"].as_object().map(|map| map.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()
    {
        paths.push(format!("/backend-api/wham/tasks/{task_id}/turns/{}", wham_api::routes::encode_component(&turn_id)));
        paths.push(format!(
            "/backend-api/wham/tasks/{task_id}/turns/{}/sibling_turns",
            wham_api::routes::encode_component(&turn_id)
        ));
    }
    assert!(paths.len() > 2, "{mapping}");
    for path in paths {
        let text = server.client.get(server.url(&path)).send().await.unwrap().text().await.unwrap();
        assert!(!text.contains("npm_supersecret"), "{path} leaked a secret");
    }
}

#[tokio::test]
async fn the_state_file_is_private_and_a_failed_save_is_a_500() {
    let dir = std::env::temp_dir().join(format!("wham-hostile-{}-{}", std::process::id(), wham_server::now()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let server = TestServer::start(Config { state_file: Some(path.clone()), ..Default::default() }).await;
    persist::spawn_persister(server.state.clone(), path.clone());
    let task_id = server.state.read().tasks.keys().next().unwrap().clone();
    let (status, _) = server.send(Method::POST, &format!("/backend-api/wham/tasks/{task_id}/mark_read"), None).await;
    assert_eq!(status, 200);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the state file holds secrets: owner only");
    }
    // The folder disappears: the next change cannot be saved, and says so instead of hanging.
    std::fs::remove_dir_all(&dir).unwrap();
    let answer = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        server.send(Method::POST, &format!("/backend-api/wham/tasks/{task_id}/archive"), None),
    )
    .await
    .expect("an answer, not a wait forever");
    assert_eq!(answer.0, 500, "{}", answer.1);
    assert!(answer.1["detail"].as_str().unwrap().contains("could not be saved"), "{}", answer.1);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_the_app_its_policy() {
    let dir = std::env::temp_dir().join(format!("wham-static-{}-{}", std::process::id(), wham_server::now()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<html><script type=\"module\">import init from '/app-0123456789abcdef.js';</script></html>",
    )
    .unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "export default 1;").unwrap();
    let server = TestServer::start(Config { static_dir: Some(dir.clone()), ..Default::default() }).await;
    for path in ["/", "/tasks/some-task", "/backend-api/wham/tasks/list", "/backend-api/nope"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("'sha256-"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");
    }
    let page = server.client.get(server.url("/")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let asset = server.client.get(server.url("/app-0123456789abcdef.js")).send().await.unwrap();
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable");
    std::fs::remove_dir_all(dir).ok();
}
