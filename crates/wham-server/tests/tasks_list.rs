//! The task list over real HTTP: shapes, filters, pagination, errors, auth, static serving.

mod common;

use common::TestServer;
use std::collections::HashSet;
use wham_api::models::TaskListResponse;
use wham_server::Config;

#[tokio::test]
async fn list_answers_the_captured_shape() {
    let server = TestServer::start(Config::default()).await;
    let (status, body) = server.get("/backend-api/wham/tasks/list?task_filter=current&limit=20").await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().expect("items[]");
    assert_eq!(items.len(), 20);
    for item in items {
        for field in [
            "id",
            "title",
            "has_generated_title",
            "created_at",
            "updated_at",
            "archived",
            "has_unread_turn",
            "pull_requests",
            "task_status_display",
        ] {
            assert!(item.get(field).is_some(), "missing {field} in {item}");
        }
        assert!(item["task_status_display"]["latest_turn_status_display"]["turn_status"].is_string());
        assert_eq!(item["archived"], false);
    }
    assert!(body["cursor"].is_string(), "a further page exists");
    // The same document through the typed model.
    let typed: TaskListResponse = serde_json::from_value(body).unwrap();
    assert!(typed.items.iter().all(|item| item.status().is_some()));
}

async fn walk(server: &TestServer, filter: &str, limit: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut path = format!("/backend-api/wham/tasks/list?task_filter={filter}&limit={limit}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={}", wham_api::routes::encode_component(cursor)));
        }
        let (status, body) = server.get(&path).await;
        assert_eq!(status, 200, "{body}");
        let page: TaskListResponse = serde_json::from_value(body).unwrap();
        assert!(page.items.len() <= limit);
        ids.extend(page.items.into_iter().map(|item| item.id));
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => return ids,
        }
    }
    panic!("pagination never ended");
}

#[tokio::test]
async fn pagination_walks_every_task_once_for_each_filter() {
    let server = TestServer::start(Config::default()).await;
    let (all, current, archived) = {
        let store = server.state.read();
        let all: HashSet<String> = store.tasks.keys().cloned().collect();
        let archived: HashSet<String> =
            store.tasks.values().filter(|task| task.task.archived).map(|task| task.task.id.clone()).collect();
        let current: HashSet<String> = all.difference(&archived).cloned().collect();
        (all, current, archived)
    };
    assert!(!archived.is_empty());
    for (filter, expected) in [("all", &all), ("current", &current), ("archived", &archived)] {
        for limit in [1, 7, 20, 100] {
            let ids = walk(&server, filter, limit).await;
            let unique: HashSet<String> = ids.iter().cloned().collect();
            assert_eq!(unique.len(), ids.len(), "{filter}/{limit}: a task repeated");
            assert_eq!(&unique, expected, "{filter}/{limit}: gaps or strays");
        }
    }
}

#[tokio::test]
async fn bad_parameters_get_clear_errors() {
    let server = TestServer::start(Config::default()).await;
    let (status, body) = server.get("/backend-api/wham/tasks/list?task_filter=bogus").await;
    assert_eq!(status, 422);
    assert_eq!(body["field"], "task_filter");
    assert!(body["detail"].as_str().unwrap().contains("current, all or archived"));
    let (status, body) = server.get("/backend-api/wham/tasks/list?cursor=not-a-cursor").await;
    assert_eq!((status, body["field"].as_str()), (422, Some("cursor")));
    let (status, body) = server.get("/backend-api/wham/tasks/list?limit=0").await;
    assert_eq!((status, body["field"].as_str()), (422, Some("limit")));
    let (status, body) = server.get("/backend-api/wham/tasks/task_e_missing").await;
    assert_eq!(status, 404);
    assert!(body["detail"].as_str().unwrap().contains("task_e_missing"));
    let (status, body) = server.get("/backend-api/wham/no/such/endpoint").await;
    assert_eq!(status, 404);
    assert!(body["detail"].is_string());
}

#[tokio::test]
async fn legacy_paths_answer_like_backend_api() {
    let server = TestServer::start(Config::default()).await;
    let (_, modern) = server.get("/backend-api/wham/tasks/list?limit=5").await;
    let (status, legacy) = server.get("/wham/tasks/list?limit=5").await;
    assert_eq!(status, 200);
    assert_eq!(modern, legacy);
}

#[tokio::test]
async fn require_auth_needs_both_headers() {
    let server = TestServer::start(Config { require_auth: Some("sekret".into()), ..Default::default() }).await;
    let path = "/backend-api/wham/tasks/list";
    let (status, body) = server.get(path).await;
    assert_eq!(status, 401);
    assert!(body["detail"].as_str().unwrap().contains("token"));
    let only_token = server.client.get(server.url(path)).bearer_auth("sekret").send().await.unwrap();
    assert_eq!(only_token.status().as_u16(), 401);
    let wrong = server
        .client
        .get(server.url(path))
        .bearer_auth("nope")
        .header("ChatGPT-Account-Id", "acct")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let right = server
        .client
        .get(server.url(path))
        .bearer_auth("sekret")
        .header("ChatGPT-Account-Id", "acct")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status().as_u16(), 200);
}

#[tokio::test]
async fn static_site_falls_back_to_index_html() {
    let dir = std::env::temp_dir().join(format!("wham-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>WHAM Web</title>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let server = TestServer::start(Config { static_dir: Some(dir.clone()), ..Default::default() }).await;
    for path in ["/", "/tasks/task_e_1", "/environments/env-1", "/settings"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert!(response.text().await.unwrap().contains("<title>WHAM Web</title>"), "{path}");
    }
    let script = server.client.get(server.url("/app.js")).send().await.unwrap();
    assert_eq!(script.text().await.unwrap(), "console.log(1)");
    let (status, body) = server.get("/backend-api/unknown").await;
    assert_eq!(status, 404);
    assert!(body["detail"].is_string(), "API paths never fall back to the app");
    std::fs::remove_dir_all(dir).ok();
}
