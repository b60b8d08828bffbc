//! Every endpoint of the reference over real HTTP, the actions' effects, secrets, persistence
//! across a restart, chaos.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use wham_api::models::*;
use wham_api::routes::{self, Route};
use wham_server::{persist, AppState, Config};

/// Real ids from the seeded store for every placeholder the table uses.
fn params(server: &TestServer) -> Vec<(&'static str, String)> {
    let store = server.state.read();
    let task = store
        .tasks
        .values()
        .find(|task| {
            task.current_assistant_turn().is_some_and(|turn| turn.diff().is_some())
                && task.task.external_pull_requests.is_empty()
        })
        .unwrap();
    let turn_id = task.task.current_turn_id.clone().unwrap();
    let environment = &store.environments[0];
    let repo = environment.primary_repository().unwrap();
    let (owner, name) = repo.full_name().unwrap().split_once('/').unwrap();
    vec![
        ("task_id", task.task.id.clone()),
        ("turn_id", turn_id),
        ("environment_id", environment.id.clone()),
        ("provider", "github".into()),
        ("owner", owner.into()),
        ("repository", name.into()),
        ("repo_id", repo.id.clone()),
        ("installation_id", store.installations[0].id.clone()),
        ("pr_id", "pr_missing".into()),
    ]
}

fn path_for(route: Route, params: &[(&'static str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = params.iter().map(|(key, value)| (*key, value.as_str())).collect();
    format!("/backend-api{}", route.path(&pairs))
}

#[tokio::test]
async fn every_endpoint_of_the_reference_answers() {
    let server = TestServer::start(Config { speed: 500.0, ..Default::default() }).await;
    let params = params(&server);
    let environment: Value = server.get(&path_for(routes::ENVIRONMENT, &params)).await.1;
    let review: Value = server.get("/backend-api/wham/settings/code_review").await.1;
    let review_repo = review["repo_review_settings"][0]["repository"]["id"].clone();
    let mut answered = BTreeSet::new();
    for (name, route) in routes::ALL {
        let path = path_for(*route, &params);
        let (query, body): (&str, Option<Value>) = match *name {
            "TASKS_SEARCH" => ("?query=test", None),
            "TASK_CREATE" => (
                "",
                Some(
                    serde_json::to_value(CreateTaskRequest::new_task(&params[2].1, None, "Write docs", false, 1))
                        .unwrap(),
                ),
            ),
            "ENVIRONMENT_TEST" => ("", Some(environment.clone())),
            "SETTINGS_USER_UPDATE" => ("", Some(json!({"git_diff_mode": "unified"}))),
            "FEEDBACK" => ("", Some(json!({"rating": "thumbs_up", "text": "nice"}))),
            "ENVIRONMENTS_SEARCH" => ("?query=a", None),
            "ENVIRONMENT_CREATE" => ("", Some(json!({"label": "New", "repos": environment["repos"].clone()}))),
            "ENVIRONMENT_UPDATE" => ("", Some(json!({"description": "changed"}))),
            "SETTINGS_CODE_REVIEW_UPDATE" => {
                ("", Some(json!({"repository_id": review_repo, "review_preference": "never"})))
            }
            "TURN_PR_UPDATE" | "ENVIRONMENT_DELETE" => continue, // exercised below with their own setup
            _ => ("", None),
        };
        let method = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let mut request = server.client.request(method, server.url(&format!("{path}{query}")));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap_or("").to_string())
            .unwrap_or_default();
        let text = response.text().await.unwrap();
        assert!((200..300).contains(&status), "{name} {path}: {status} {text}");
        if content_type.starts_with("application/json") {
            serde_json::from_str::<Value>(&text).unwrap_or_else(|error| panic!("{name}: not JSON: {error}"));
        } else {
            assert!(content_type.starts_with("text/event-stream"), "{name}: {content_type}");
        }
        answered.insert(*name);
    }
    assert_eq!(answered.len(), routes::ALL.len() - 2);
}

#[tokio::test]
async fn answers_decode_into_the_models() {
    let server = TestServer::start(Config::default()).await;
    let params = params(&server);
    let get = |route: Route| {
        let path = path_for(route, &params);
        let server = &server;
        async move { server.get(&path).await.1 }
    };
    let environments: EnvironmentList = serde_json::from_value(get(routes::ENVIRONMENTS).await).unwrap();
    assert_eq!(environments.0.len(), 4);
    let _: EnvironmentList = serde_json::from_value(get(routes::ENVIRONMENTS_RECENT).await).unwrap();
    let with: Environment = serde_json::from_value(get(routes::ENVIRONMENT_WITH_CREATOR_AND_MACHINE).await).unwrap();
    assert!(with.creator.is_some() && with.machine.is_some());
    let by_repo = get(routes::ENVIRONMENTS_BY_REPO).await;
    assert_eq!(by_repo.as_array().unwrap().len(), 1, "by-repo is a bare array");
    let _: RepositoryList = serde_json::from_value(get(routes::CODEX_ENVIRONMENT_REPOS).await).unwrap();
    let _: TaskFeedResponse = serde_json::from_value(get(routes::TASKS_FEED).await).unwrap();
    let _: TurnLogs = serde_json::from_value(get(routes::TASK_LOGS).await).unwrap();
    let logs: TurnLogs = serde_json::from_value(get(routes::TURN_LOGS).await).unwrap();
    assert!(!logs.logs.is_empty());
    let _: InstallationsResponse = serde_json::from_value(get(routes::GITHUB_INSTALLATIONS).await).unwrap();
    let v2: InstallationsV2Response = serde_json::from_value(get(routes::GITHUB_INSTALLATIONS_V2).await).unwrap();
    assert!(!v2.memberships.is_empty());
    let _: InstallationEventsResponse =
        serde_json::from_value(get(routes::GITHUB_INSTALLATION_EVENTS_V2).await).unwrap();
    let repository: Repository = serde_json::from_value(get(routes::GITHUB_REPOSITORY).await).unwrap();
    assert!(repository.id.starts_with("github-"));
    let repositories: RepositoriesResponse = serde_json::from_value(get(routes::GITHUB_REPOSITORIES_V2).await).unwrap();
    assert!(!repositories.repositories.is_empty());
    let branches: BranchSearchResponse = serde_json::from_value(get(routes::GITHUB_BRANCH_SEARCH).await).unwrap();
    assert_eq!(branches.items[0].branch, "main");
    let _: GithubUserHandle = serde_json::from_value(get(routes::GITHUB_USER_HANDLE).await).unwrap();
    let _: UserSettings = serde_json::from_value(get(routes::SETTINGS_USER).await).unwrap();
    let review: CodeReviewSettings = serde_json::from_value(get(routes::SETTINGS_CODE_REVIEW).await).unwrap();
    assert!(!review.repo_review_settings.is_empty());
    let config: UserPreferencesConfig =
        serde_json::from_value(get(routes::SETTINGS_USER_PREFERENCES_CONFIG).await).unwrap();
    assert_eq!(config.branch_format_max_length, Some(100));
    let machines: MachinesResponse = serde_json::from_value(get(routes::MACHINES).await).unwrap();
    assert_eq!(machines.machine_count, 1);
    let _: AccountsCheck = serde_json::from_value(get(routes::ACCOUNTS_CHECK).await).unwrap();
    let usage: Usage = serde_json::from_value(get(routes::USAGE).await).unwrap();
    assert!(usage.rate_limit.unwrap().primary_window.unwrap().limit_window_seconds.is_some());
}

#[tokio::test]
async fn branch_search_filters_and_pages() {
    let server = TestServer::start(Config::default()).await;
    let params = params(&server);
    let base = path_for(routes::GITHUB_BRANCH_SEARCH, &params);
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) =
            server.get(&format!("{base}?page_size=3&cursor={}", wham_api::routes::encode_component(&cursor))).await;
        assert_eq!(status, 200);
        let page: BranchSearchResponse = serde_json::from_value(page).unwrap();
        seen.extend(page.items.into_iter().map(|item| item.branch));
        match page.cursor {
            Some(next) => cursor = next,
            None => break,
        }
    }
    let all = server.state.read().branches[&format!("github-{}", params[6].1)].clone();
    assert_eq!(seen, all);
    let (_, filtered) = server.get(&format!("{base}?query=DEV")).await;
    assert_eq!(filtered["items"], json!([{"branch": "develop"}]));
}

#[tokio::test]
async fn actions_change_what_the_api_shows() {
    let server = TestServer::start(Config::default()).await;
    let params = params(&server);
    let task_id = params[0].1.clone();
    let turn_id = params[1].1.clone();
    let post = |route: Route, body: Option<Value>| {
        let path = path_for(route, &params);
        let server = &server;
        async move { server.send(Method::POST, &path, body).await }
    };
    // Archive: gone from current, present in archived; recover brings it back.
    assert_eq!(post(routes::TASK_ARCHIVE, None).await.1["success"], true);
    let (_, archived) = server.get("/backend-api/wham/tasks/list?task_filter=archived&limit=100").await;
    assert!(archived["items"].as_array().unwrap().iter().any(|item| item["id"] == task_id.as_str()));
    let (_, current) = server.get("/backend-api/wham/tasks/list?task_filter=current&limit=100").await;
    assert!(!current["items"].as_array().unwrap().iter().any(|item| item["id"] == task_id.as_str()));
    assert_eq!(post(routes::TASK_RECOVER, None).await.1["success"], true);
    let (_, bundle) = server.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
    assert_eq!(bundle["task"]["archived"], false);

    // Unread flags.
    server.state.mutate(|store| store.tasks.get_mut(&task_id).unwrap().task.has_unread_turn = true);
    post(routes::TASK_MARK_READ, None).await;
    assert_eq!(server.get(&format!("/backend-api/wham/tasks/{task_id}")).await.1["task"]["has_unread_turn"], false);
    server.state.mutate(|store| store.tasks.get_mut(&task_id).unwrap().task.has_unread_turn = true);
    assert_eq!(post(routes::TURN_VIEWED, None).await.1, json!({"success": true}));
    assert_eq!(server.get(&format!("/backend-api/wham/tasks/{task_id}")).await.1["task"]["has_unread_turn"], false);

    // git apply carries the turn's diff.
    let (status, apply) = post(routes::TURN_COPY_GIT_APPLY, None).await;
    assert_eq!(status, 200);
    let diff = server.state.read().task(&task_id).unwrap().turn(&turn_id).unwrap().diff().unwrap().diff.clone();
    assert!(apply["git_apply"]
        .as_str()
        .unwrap()
        .starts_with("base64 --decode <<'WHAM_PATCH_END' | git apply --3way\n"));
    assert_eq!(apply["git_apply"].as_str().unwrap(), wham_api::git_apply::command(&diff));

    // A draft PR, then an update instead of a second PR.
    let (status, pr) = post(routes::TURN_PR_CREATE, Some(json!({"mode": "draft"}))).await;
    assert_eq!(status, 200, "{pr}");
    assert_eq!(pr["pull_request"]["draft"], true);
    assert!(pr["pull_request"]["url"].as_str().unwrap().starts_with("https://github.com/"));
    let (status, again) = post(routes::TURN_PR_CREATE, None).await;
    assert_eq!(status, 409, "{again}");
    let pr_id = pr["id"].as_str().unwrap();
    let update_path = format!(
        "/backend-api{}",
        routes::TURN_PR_UPDATE.path(&[("task_id", &task_id), ("turn_id", &turn_id), ("pr_id", pr_id)])
    );
    let (status, updated) = server.send(Method::PATCH, &update_path, None).await;
    assert_eq!(status, 200);
    assert_ne!(updated["codex_updated_sha"], pr["codex_updated_sha"]);
    let (_, bundle) = server.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
    assert_eq!(bundle["task"]["external_pull_requests"].as_array().unwrap().len(), 1);
    let (_, list) = server.get("/backend-api/wham/tasks/list?task_filter=all&limit=100").await;
    let row = list["items"].as_array().unwrap().iter().find(|item| item["id"] == task_id.as_str()).unwrap().clone();
    assert_eq!(row["pull_requests"][0]["id"], pr_id);
    let (status, body) = post(routes::TURN_PR_CREATE, Some(json!({"mode": "sideways"}))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("mode")));

    // Fork: a new task with the same turns.
    let (status, fork) = post(routes::TASK_FORK, None).await;
    assert_eq!(status, 200);
    let fork_id = fork["task"]["id"].as_str().unwrap();
    assert_ne!(fork_id, task_id);
    let (_, turns) = server.get(&format!("/backend-api/wham/tasks/{fork_id}/turns")).await;
    let original = server.state.read().task(&task_id).unwrap().turns.len();
    assert_eq!(turns["turn_mapping"].as_object().unwrap().len(), original);

    // Settings PATCH echoes the document and validates.
    let (status, settings) = server
        .send(Method::PATCH, "/backend-api/wham/settings/user", Some(json!({"branch_format": "wham/{feature}"})))
        .await;
    assert_eq!((status, settings["branch_format"].as_str()), (200, Some("wham/{feature}")));
    assert_eq!(server.get("/backend-api/wham/settings/user").await.1["branch_format"], "wham/{feature}");
    // A token the service does not know is refused at its field, and nothing changes.
    let (status, error) = server
        .send(Method::PATCH, "/backend-api/wham/settings/user", Some(json!({"branch_format": "wham/{nope}/{feature}"})))
        .await;
    assert_eq!((status, error["field"].as_str()), (422, Some("branch_format")), "{error}");
    assert!(error["detail"].as_str().unwrap().contains("{nope}"));
    assert_eq!(server.get("/backend-api/wham/settings/user").await.1["branch_format"], "wham/{feature}");
    let (status, body) =
        server.send(Method::PATCH, "/backend-api/wham/settings/user", Some(json!({"git_diff_mode": "sideways"}))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("git_diff_mode")));

    // Delete an environment.
    let environment_path = path_for(routes::ENVIRONMENT_DELETE, &params);
    let (status, _) = server.send(Method::DELETE, &environment_path, None).await;
    assert_eq!(status, 204);
    assert_eq!(server.get(&environment_path).await.0, 404);
}

#[tokio::test]
async fn discard_and_undo_among_siblings() {
    let server = TestServer::start(Config::default()).await;
    let (task_id, turn_id, siblings) = {
        let store = server.state.read();
        let task = store
            .tasks
            .values()
            .find(|task| task.current_assistant_turn().is_some_and(|turn| !turn.sibling_turn_ids.is_empty()))
            .unwrap();
        let turn = task.current_assistant_turn().unwrap();
        (task.task.id.clone(), turn.id.clone(), turn.sibling_turn_ids.clone())
    };
    let path = |route: Route| format!("/backend-api{}", route.path(&[("task_id", &task_id), ("turn_id", &turn_id)]));
    assert_eq!(server.send(Method::POST, &path(routes::TURN_DISCARD), None).await.0, 200);
    let (_, bundle) = server.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
    assert_eq!(bundle["task"]["current_turn_id"], siblings[0].as_str(), "the next candidate becomes current");
    assert_eq!(server.get(&path(routes::TURN)).await.1["turn"]["discarded"], true);
    assert_eq!(server.send(Method::POST, &path(routes::TURN_UNDO_ALL_DISCARDS), None).await.0, 200);
    assert_eq!(server.get(&path(routes::TURN)).await.1["turn"]["discarded"], false);
    let (status, view) = server
        .get(&format!(
            "/backend-api{}",
            routes::SPECULATIVE_TURN_VIEW.path(&[("task_id", &task_id), ("turn_id", &siblings[0])])
        ))
        .await;
    assert_eq!((status, view), (200, json!({"success": true})));
}

#[tokio::test]
async fn saved_secrets_are_never_sent_back() {
    let server = TestServer::start(Config::default()).await;
    let environment_id = server.state.mutate(|store| {
        let environment = &mut store.environments[0];
        environment.secrets.insert("NPM_TOKEN".into(), json!("npm_supersecret"));
        environment.id.clone()
    });
    for path in [
        "/backend-api/wham/environments".to_string(),
        format!("/backend-api/wham/environments/{environment_id}"),
        format!("/backend-api/wham/environments/{environment_id}/with-creator-and-machine"),
        "/backend-api/wham/environments/with-creators".to_string(),
        "/backend-api/codex/environments".to_string(),
    ] {
        let text = server.client.get(server.url(&path)).send().await.unwrap().text().await.unwrap();
        assert!(!text.contains("npm_supersecret"), "{path} leaked a secret");
        assert!(
            text.contains("NPM_TOKEN") && text.contains(wham_server::api::MASKED_SECRET),
            "{path} should name the secret, masked"
        );
    }
}

#[tokio::test]
async fn environment_test_streams_diagnostics() {
    let server = TestServer::start(Config { speed: 100.0, ..Default::default() }).await;
    let (_, environment) = server.get("/backend-api/wham/environments").await;
    let response = server
        .client
        .post(server.url("/backend-api/wham/environments/test"))
        .json(&environment[0])
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    let events = wham_api::sse::SseParser::new().push(text.as_bytes());
    assert!(events.len() >= 3);
    let last: Value = serde_json::from_str(&events.last().unwrap().data).unwrap();
    assert_eq!(last["status"], "succeeded");
    assert!(events.iter().any(|event| event.data.contains("Cloning acme-corp/")));
    let (status, body) =
        server.send(Method::POST, "/backend-api/wham/environments/test", Some(json!({"id": "x"}))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("repos")));
}

#[tokio::test]
async fn state_survives_a_restart() {
    let path = std::env::temp_dir().join(format!("wham-state-{}-{}.json", std::process::id(), wham_server::now()));
    let first = TestServer::start(Config { state_file: Some(path.clone()), speed: 500.0, ..Default::default() }).await;
    persist::spawn_persister(first.state.clone(), path.clone());
    let environment = first.get("/backend-api/wham/environments").await.1[0]["id"].as_str().unwrap().to_string();
    let body = serde_json::to_value(CreateTaskRequest::new_task(&environment, None, "Persist me", false, 1)).unwrap();
    let (status, created) = first.send(Method::POST, "/backend-api/wham/tasks", Some(body)).await;
    assert_eq!(status, 200);
    let task_id = created["task"]["id"].as_str().unwrap().to_string();
    first.send(Method::POST, &format!("/backend-api/wham/tasks/{task_id}/archive"), None).await;
    // The answer came after the write: a new server from the file has the change.
    let store = persist::load(&path).unwrap().expect("state file written");
    let second = TestServer::start_with_state(AppState::new(store, Config::default())).await;
    let (status, bundle) = second.get(&format!("/backend-api/wham/tasks/{task_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(bundle["task"]["archived"], true);
    assert!(!path.with_extension("tmp").exists(), "writes are renamed into place");
    std::fs::remove_file(path).ok();
}

#[tokio::test]
async fn chaos_breaks_api_requests_but_not_the_app() {
    let dir = std::env::temp_dir().join(format!("wham-chaos-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<title>WHAM Web</title>").unwrap();
    let server = TestServer::start(Config { chaos: 1.0, static_dir: Some(dir.clone()), ..Default::default() }).await;
    let mut statuses = BTreeSet::new();
    for _ in 0..12 {
        let (status, body) = server.get("/backend-api/wham/tasks/list?limit=1").await;
        if status != 200 {
            assert!(body["detail"].as_str().unwrap().starts_with("chaos:"));
        }
        statuses.insert(status);
    }
    assert!(statuses.contains(&500) || statuses.contains(&429), "{statuses:?}");
    for _ in 0..5 {
        assert_eq!(server.client.get(server.url("/tasks/x")).send().await.unwrap().status().as_u16(), 200);
    }
    std::fs::remove_dir_all(dir).ok();
}
