//! Environments created and changed over HTTP: what is saved is what a GET shows, a refusal is a
//! 422 naming the field, secrets are write-only, search finds by name and repository.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use wham_server::Config;

async fn first_repository_key(server: &TestServer) -> (String, String) {
    let (status, repos) = server.get("/backend-api/wham/github/repositories/search/all-installations?query=").await;
    assert_eq!(status, 200, "{repos}");
    let repo = &repos.as_array().expect("a bare array")[0];
    let id = repo["id"].as_str().unwrap().to_string();
    (format!("github-{id}"), repo["repository_full_name"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn an_environment_is_created_changed_and_searched() {
    let server = TestServer::start(Config::default()).await;
    let (repo, full_name) = first_repository_key(&server).await;
    let body = json!({
        "label": "  Docs site  ",
        "description": "Builds the docs.\nTwo lines.",
        "workspace_dir": "/workspace/docs",
        "repos": [repo],
        "setup": "npm ci\nnpm run build",
        "env_vars": {"NODE_ENV": "production"},
        "secrets": {"NPM_TOKEN": "s3cret-value"},
        "agent_network_access": {"mode": "on", "preset_allowlist": "none", "allowlist_domains": "registry.npmjs.org, *.github.com", "safe_methods_only": true},
        "is_pinned": true
    });
    let (status, created) = server.send(Method::POST, "/backend-api/wham/environments", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["label"], "Docs site", "the name is trimmed");
    assert_eq!(created["repo_map"][&repo]["repository_full_name"], full_name.as_str());
    assert_eq!(created["secrets"]["NPM_TOKEN"], "********", "a saved secret is never sent back");
    assert!(!created.to_string().contains("s3cret-value"));

    // A change touches only what it sends; a secret left out is kept, `null` removes one.
    let patch = json!({"description": "Changed", "secrets": {"EXTRA": "x1"}});
    let (status, changed) =
        server.send(Method::PATCH, &format!("/backend-api/wham/environments/{id}"), Some(patch)).await;
    assert_eq!(status, 200, "{changed}");
    let (_, shown) = server.get(&format!("/backend-api/wham/environments/{id}")).await;
    assert_eq!(shown["description"], "Changed");
    assert_eq!(shown["workspace_dir"], "/workspace/docs");
    assert_eq!(shown["env_vars"]["NODE_ENV"], "production");
    let mut names: Vec<&String> = shown["secrets"].as_object().unwrap().keys().collect();
    names.sort();
    assert_eq!(names, ["EXTRA", "NPM_TOKEN"]);
    let stored = server.state.read().environments.iter().find(|e| e.id == id).unwrap().secrets.clone();
    assert_eq!(stored["NPM_TOKEN"], "s3cret-value", "the value is kept on the server");
    let patch = json!({"secrets": {"NPM_TOKEN": null}});
    server.send(Method::PATCH, &format!("/backend-api/wham/environments/{id}"), Some(patch)).await;
    let (_, shown) = server.get(&format!("/backend-api/wham/environments/{id}")).await;
    assert!(shown["secrets"].get("NPM_TOKEN").is_none());

    // Search by name and by repository; the list shows pinned ones first.
    let (_, by_name) = server.get("/backend-api/wham/environments/search?query=docs%20SITE").await;
    assert!(by_name.as_array().unwrap().iter().any(|e| e["id"] == id.as_str()));
    let owner = full_name.split('/').next_back().unwrap();
    let (_, by_repo) = server.get(&format!("/backend-api/wham/environments/search?query={owner}")).await;
    assert!(by_repo.as_array().unwrap().iter().any(|e| e["id"] == id.as_str()));
    let (_, none) = server.get("/backend-api/wham/environments/search?query=zzz-nothing").await;
    assert_eq!(none, json!([]));
    let (_, list) = server.get("/backend-api/wham/environments").await;
    assert_eq!(list[0]["is_pinned"], true);
}

#[tokio::test]
async fn a_refusal_names_the_field() {
    let server = TestServer::start(Config::default()).await;
    let (repo, _) = first_repository_key(&server).await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"repos": [repo]}), "label"),
        (json!({"label": "x"}), "repos"),
        (json!({"label": "x", "repos": ["github-999999999"]}), "repos"),
        (json!({"label": "x", "repos": [repo], "workspace_dir": "../etc"}), "workspace_dir"),
        (json!({"label": "x", "repos": [repo], "workspace_dir": "/a/../../etc"}), "workspace_dir"),
        (json!({"label": "x", "repos": [repo], "env_vars": {"1BAD": "v"}}), "env_vars"),
        (json!({"label": "x", "repos": [repo], "env_vars": {"A;rm -rf /": "v"}}), "env_vars"),
        (json!({"label": "x", "repos": [repo], "secrets": {"has space": "v"}}), "secrets"),
        (
            json!({"label": "x", "repos": [repo], "agent_network_access": {"mode": "maybe"}}),
            "agent_network_access.mode",
        ),
        (
            json!({"label": "x", "repos": [repo], "agent_network_access": {"mode": "on", "allowlist_domains": "ok.com, <script>"}}),
            "agent_network_access.allowlist_domains",
        ),
        (
            json!({"label": "x", "repos": [repo], "agent_network_access": {"preset_allowlist": "everything"}}),
            "agent_network_access.preset_allowlist",
        ),
        (json!({"label": "x".repeat(101), "repos": [repo]}), "label"),
        (json!({"label": "a\u{0007}b", "repos": [repo]}), "label"),
        (json!({"label": "x", "repos": [repo], "setup": "x".repeat(70_000)}), "setup"),
        (json!({"label": 5, "repos": [repo]}), "label"),
    ];
    let before = server.state.read().environments.len();
    for (body, field) in cases {
        let (status, error) = server.send(Method::POST, "/backend-api/wham/environments", Some(body.clone())).await;
        assert_eq!(status, 422, "{body} → {error}");
        assert_eq!(error["field"], field, "{body} → {error}");
    }
    assert_eq!(server.state.read().environments.len(), before, "nothing refused was saved");
    // The same rules on a change; an unknown environment is a 404.
    let (status, error) =
        server.send(Method::PATCH, "/backend-api/wham/environments/env_nope", Some(json!({"label": "x"}))).await;
    assert_eq!(status, 404, "{error}");
    let id = server.state.read().environments[0].id.clone();
    let (status, error) =
        server.send(Method::PATCH, &format!("/backend-api/wham/environments/{id}"), Some(json!({"label": " "}))).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("label")), "{error}");
}

#[test]
fn the_search_path_is_not_read_as_an_environment_id() {
    let route = wham_api::routes::find("GET", "/wham/environments/search").unwrap();
    assert_eq!(route, wham_api::routes::ENVIRONMENTS_SEARCH);
}
