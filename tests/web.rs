//! wasm-bindgen-tests of the app's pieces in headless Chromium, against a real wham-server.
//!
//! `cargo xtask test` starts `wham-server --allow-cors` on port 18787 before these run; the
//! tests talk to it over HTTP like the app does.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wham_web::api::ApiContext;
use wham_web::connection::Connection;

wasm_bindgen_test_configure!(run_in_browser);

const TEST_API: &str = match option_env!("WHAM_TEST_API") {
    Some(url) => url,
    None => "http://127.0.0.1:18787/backend-api",
};

/// A fresh element to mount into.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

/// Waits until `check` holds, polling every 50 ms, for at most `seconds`.
async fn wait_until(seconds: f64, mut check: impl FnMut() -> bool) -> bool {
    let deadline = js_sys::Date::now() + seconds * 1000.0;
    while js_sys::Date::now() < deadline {
        if check() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    check()
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.text_content())
        .map(|text| text.trim().to_string())
        .collect()
}

/// GETs `url` from the test server and decodes its JSON (a test fails loudly if it cannot).
async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> T {
    let response = gloo_net::http::Request::get(url).send().await.expect("wham-server answers");
    response.json().await.expect("the answer decodes")
}

async fn server_titles(filter: &str) -> Vec<String> {
    let list: wham_api::models::TaskListResponse =
        get_json(&format!("{TEST_API}/wham/tasks/list?task_filter={filter}&limit=20")).await;
    list.items.into_iter().map(|item| item.title).collect()
}

#[wasm_bindgen_test]
async fn task_list_shows_the_servers_first_page() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection { base: TEST_API.into(), ..Default::default() }));
        view! { <Router><wham_web::pages::tasks::TaskList/></Router> }
    });
    assert!(
        wait_until(20.0, || !texts(&root, ".task-row .task-title").is_empty()).await,
        "no rows appeared: {}",
        root.inner_html()
    );
    // The list may already be fetching the next page: compare what is shown with the server's
    // first pages, in order.
    let shown = texts(&root, ".task-row .task-title");
    // Each row carries a status badge with words (counted at the same moment as the titles).
    let badges = texts(&root, ".task-row .badge");
    let mut expected = server_titles("current").await;
    expected.extend(server_page_two("current").await);
    assert!(shown.len() >= 10, "{shown:?}");
    assert_eq!(shown[..], expected[..shown.len()]);
    assert_eq!(badges.len(), shown.len());
    assert!(shown.len() < 40, "only the rows in view are rendered");
}

async fn server_page_two(filter: &str) -> Vec<String> {
    let first: wham_api::models::TaskListResponse =
        get_json(&format!("{TEST_API}/wham/tasks/list?task_filter={filter}&limit=20")).await;
    let Some(cursor) = first.cursor else {
        return Vec::new();
    };
    let url = format!(
        "{TEST_API}/wham/tasks/list?task_filter={filter}&limit=20&cursor={}",
        wham_api::routes::encode_component(&cursor)
    );
    let second: wham_api::models::TaskListResponse = get_json(&url).await;
    second.items.into_iter().map(|item| item.title).collect()
}

#[wasm_bindgen_test]
async fn archived_filter_lists_only_archived_tasks() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection { base: TEST_API.into(), ..Default::default() }));
        let query =
            wham_web::pages::tasks::ListQuery { filter: wham_api::models::TaskFilter::Archived, ..Default::default() };
        view! { <Router><wham_web::pages::tasks::TaskList query=query/></Router> }
    });
    assert!(wait_until(20.0, || !texts(&root, ".task-row .task-title").is_empty()).await);
    let mut expected = server_titles("archived").await;
    expected.extend(server_page_two("archived").await);
    let shown = texts(&root, ".task-row .task-title");
    assert_eq!(shown[..], expected[..shown.len()]);
}

#[wasm_bindgen_test]
async fn unreachable_server_shows_an_error_with_retry() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection {
            base: "http://127.0.0.1:9/backend-api".into(),
            ..Default::default()
        }));
        view! { <Router><wham_web::pages::tasks::TaskList/></Router> }
    });
    assert!(wait_until(20.0, || !texts(&root, "[role=alert]").is_empty()).await, "{}", root.inner_html());
    let message = &texts(&root, "[role=alert]")[0];
    assert!(message.contains("Can't reach the server"), "{message}");
    assert!(!message.contains("TypeError"), "{message}");
    assert_eq!(texts(&root, "[role=alert] button"), vec!["Try again".to_string()]);
}

#[wasm_bindgen_test]
fn markdown_renders_hostile_input_inert() {
    let html = wham_web::markdown::render(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) [ok](https://example.com) ![i](data:text/html,x)",
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("data:text"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("href=\"https://example.com\""), "{html}");
}

#[wasm_bindgen_test]
fn connection_masks_tokens_and_validates_the_base() {
    use wham_web::connection::{mask, origin_of};
    assert_eq!(mask("abcdefghijkl"), "••••••••ijkl");
    assert_eq!(mask("short"), "•••••");
    let with_base = |base: &str| Connection { base: base.into(), ..Default::default() };
    assert!(with_base("/backend-api").validate().is_ok());
    assert!(with_base("http://127.0.0.1:8787/backend-api").validate().is_ok());
    assert!(with_base("//evil.example").validate().is_err());
    assert!(with_base("javascript:alert(1)").validate().is_err());
    assert_eq!(with_base("  ").normalized().base, "/backend-api");
    assert_eq!(origin_of("http://127.0.0.1:8787/backend-api").as_deref(), Some("http://127.0.0.1:8787"));
    assert_eq!(origin_of("/backend-api"), None);
}

#[wasm_bindgen_test]
fn connection_is_kept_in_session_storage_unless_remembered() {
    let connection = Connection { token: "tok-123456789".into(), account_id: "acct".into(), ..Default::default() };
    connection.save().unwrap();
    let session = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert!(session.get_item("wham-web.connection").unwrap().is_some());
    assert!(local.get_item("wham-web.connection").unwrap().is_none());
    assert_eq!(Connection::load(), connection);
    let remembered = Connection { remember: true, ..connection };
    remembered.save().unwrap();
    assert!(session.get_item("wham-web.connection").unwrap().is_none());
    assert!(local.get_item("wham-web.connection").unwrap().is_some());
    assert_eq!(Connection::load(), remembered);
    local.remove_item("wham-web.connection").unwrap();
}

// ---- Pieces of the task page ----

const TURN_MAPPING: &str = include_str!("../docs/api/examples/wham-examples_turn-mapping.json");

#[wasm_bindgen_test]
fn turn_tree_from_the_captured_mapping() {
    use std::collections::HashMap;
    use wham_web::pages::task::tree::{conversation, TurnTree};
    let mapping: wham_api::models::TurnMappingResponse = serde_json::from_str(TURN_MAPPING).unwrap();
    let current_turn_id = mapping.current_turn_id.clone().unwrap();
    let mut tree = TurnTree::from(mapping);
    let rounds = conversation(&tree, &HashMap::new());
    assert_eq!(rounds.len(), 1);
    let round = &rounds[0];
    assert_eq!(round.user.id, "task_e_example~usertrn_e_example");
    let attempt_ids: Vec<&str> = round.attempts.iter().map(|turn| turn.id.as_str()).collect();
    assert_eq!(
        attempt_ids,
        vec!["task_e_example~assttrn_e_example", "task_e_example~assttrn_e_alt"],
        "sorted by attempt_placement"
    );
    // The current turn's attempt is shown until the person picks another.
    assert_eq!(round.selected_turn().unwrap().id, current_turn_id);
    let mut choices = HashMap::new();
    choices.insert(round.user.id.clone(), "task_e_example~assttrn_e_alt".to_string());
    assert_eq!(conversation(&tree, &choices)[0].selected_turn().unwrap().id, "task_e_example~assttrn_e_alt");
    // A fresh copy of a turn (after its stream ends) replaces the old one in the rounds.
    let mut fresh = wham_api::models::Turn::clone(tree.turn("task_e_example~assttrn_e_alt").unwrap());
    fresh.turn_status = Some(wham_api::models::TurnStatus::Failed);
    assert!(tree.replace_turn(fresh));
    let rounds_after = conversation(&tree, &choices);
    assert_eq!(rounds_after[0].selected_turn().unwrap().status(), wham_api::models::TurnStatus::Failed);
    assert_eq!(rounds_after[0].attempts.len(), 2, "the round keeps its attempts");
    assert!(!tree.replace_turn(wham_api::models::Turn { id: "no-such-turn".into(), ..Default::default() }));
}

#[wasm_bindgen_test]
fn turn_tree_follows_follow_ups_and_survives_cycles() {
    use std::collections::HashMap;
    use wham_web::pages::task::tree::{conversation, TurnTree};
    let mapping: wham_api::models::TurnMappingResponse = serde_json::from_value(serde_json::json!({
        "current_turn_id": "t~a2",
        "turn_mapping": {
            "t~u1": {"id": "t~u1", "turn": {"id": "t~u1", "role": "user", "input_items": [{"type": "message", "content": [{"content_type": "text", "text": "first"}]}]}, "parent": null, "children": ["t~a1"]},
            "t~a1": {"id": "t~a1", "turn": {"id": "t~a1", "role": "assistant", "turn_status": "completed"}, "parent": "t~u1", "children": ["t~u2"]},
            "t~u2": {"id": "t~u2", "turn": {"id": "t~u2", "role": "user", "input_items": [{"type": "message", "content": [{"content_type": "text", "text": "second"}]}]}, "parent": "t~a1", "children": ["t~a2"]},
            "t~a2": {"id": "t~a2", "turn": {"id": "t~a2", "role": "assistant", "turn_status": "in_progress"}, "parent": "t~u2", "children": ["t~u1"]}
        }
    }))
    .unwrap();
    let rounds = conversation(&TurnTree::from(mapping), &HashMap::new());
    let prompts: Vec<String> = rounds.iter().map(|round| round.user.input_text()).collect();
    assert_eq!(prompts, vec!["first", "second"]);
}

#[wasm_bindgen_test]
fn inline_and_structured_citations() {
    use wham_web::citations::{link_inline, parse_log_fragment, split_inline, Inline, Lines};
    let pieces = split_inline("See 【F:src/a.rs†L3-L5】 and 【chunk_9†L7】, not 【broken】.");
    assert_eq!(pieces[1], Err(Inline::File { path: "src/a.rs".into(), lines: Lines { start: 3, end: 5 } }));
    assert_eq!(pieces[3], Err(Inline::Terminal { chunk: "chunk_9".into(), lines: Lines { start: 7, end: 7 } }));
    assert_eq!(pieces.last().unwrap(), &Ok(", not 【broken】.".to_string()));
    let environment: wham_api::models::Environment = serde_json::from_value(serde_json::json!({
        "id": "e", "repos": ["github-1"], "repo_map": {"github-1": {"id": "1", "repository_full_name": "acme/app", "default_branch": "main"}}
    }))
    .unwrap();
    let linked = link_inline("【F:src/a.rs†L3-L5】 【c†L1-L2】", Some(&environment), Some("abc123"));
    assert!(linked.contains("(https://github.com/acme/app/blob/abc123/src/a.rs#L3-L5)"), "{linked}");
    assert!(linked.contains("(#log-1-2)"), "{linked}");
    assert_eq!(parse_log_fragment("http://x/tasks/t#log-1-2"), Some(Lines { start: 1, end: 2 }));
    // Rendered, a hostile path stays text.
    let html = wham_web::markdown::render(&link_inline("【F:<img src=x onerror=alert(1)>†L1】", None, None));
    assert!(!html.contains("<img"), "{html}");
}

#[wasm_bindgen_test]
fn diff_parsing_numbers_both_sides() {
    use wham_api::diff::{parse, DiffRow, LineKind};
    let files = parse("diff --git a/x.rs b/x.rs\nindex 1..2 100644\n--- a/x.rs\n+++ b/x.rs\n@@ -10,3 +10,4 @@ fn main\n keep\n-old\n+new\n+more\n tail\n").unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].path.as_str(), files[0].added, files[0].removed), ("x.rs", 2, 1));
    assert_eq!(files[0].rows[0], DiffRow::Hunk("@@ -10,3 +10,4 @@ fn main".into()));
    assert_eq!(
        files[0].rows[2],
        DiffRow::Line { kind: LineKind::Removed, old: Some(11), new: None, text: "old".into() }
    );
    assert_eq!(
        files[0].rows[4],
        DiffRow::Line { kind: LineKind::Added, old: None, new: Some(12), text: "more".into() }
    );
    assert_eq!(
        files[0].rows[5],
        DiffRow::Line { kind: LineKind::Context, old: Some(12), new: Some(13), text: "tail".into() }
    );
    assert!(parse("not a diff at all").is_none());
    assert_eq!(parse("").unwrap().len(), 0);
}

#[wasm_bindgen_test]
fn thread_events_reduce_to_items() {
    use wham_api::models::ThreadEvent;
    use wham_web::thread::{ItemKind, ThreadState};
    let event = |method: &str, params: serde_json::Value| ThreadEvent::new(method, params);
    let events = vec![
        event("turn/started", serde_json::json!({})),
        event(
            "item/started",
            serde_json::json!({"item": {"id": "c1", "type": "commandExecution", "command": "npm test", "status": "inProgress"}}),
        ),
        event("item/commandExecution/outputDelta", serde_json::json!({"itemId": "c1", "delta": "ok 1\n"})),
        event("item/commandExecution/outputDelta", serde_json::json!({"itemId": "c1", "delta": "ok 2\n"})),
        event("turn/plan/updated", serde_json::json!({"plan": [{"step": "Test", "status": "in_progress"}]})),
        event("item/started", serde_json::json!({"item": {"id": "m1", "type": "agentMessage", "text": ""}})),
        event("item/agentMessage/delta", serde_json::json!({"itemId": "m1", "delta": "Hel"})),
        event("item/agentMessage/delta", serde_json::json!({"itemId": "m1", "delta": "lo"})),
    ];
    let running = ThreadState::from_events(&events);
    assert_eq!(running.current_command().map(|item| item.text.as_str()), Some("npm test"));
    assert_eq!(running.items[0].output, "ok 1\nok 2\n");
    assert_eq!(running.items[1].text, "Hello");
    assert_eq!(running.plan, vec![("Test".to_string(), "in_progress".to_string())]);
    let mut finished = events.clone();
    finished.push(event("item/completed", serde_json::json!({"item": {"id": "c1", "type": "commandExecution", "command": "npm test", "exitCode": 1, "aggregatedOutput": "ok 1\nok 2\n", "status": "completed"}})));
    finished.push(event("turn/completed", serde_json::json!({"turn": {"status": "failed"}})));
    let state = ThreadState::from_events(&finished);
    assert_eq!(state.items[0].kind, ItemKind::Command);
    assert_eq!(state.items[0].exit_code, Some(1));
    assert!(state.current_command().is_none());
    assert_eq!(state.turn_status.as_deref(), Some("failed"));
}

#[wasm_bindgen_test]
async fn virtual_list_keeps_the_dom_bounded_with_10000_rows() {
    use wham_web::components::virtual_list::VirtualList;
    let root = container();
    root.set_attribute("style", "height: 600px").unwrap();
    let items: Vec<u32> = (0..10_000).collect();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <VirtualList items=Signal::stored(items.clone()) row_height=30.0 key=|n: &u32| *n
                row=|_, n| view! { <div class="test-row" style="height:30px">{format!("row {n}")}</div> }
                class="test-list" label="Numbers"/>
        }
    });
    let list: web_sys::HtmlElement = root.query_selector(".test-list").unwrap().unwrap().unchecked_into();
    list.style().set_property("height", "600px").unwrap();
    list.style().set_property("overflow-y", "auto").unwrap();
    assert!(wait_until(5.0, || !texts(&root, ".test-row").is_empty()).await);
    let initial = texts(&root, ".test-row");
    assert!(initial.len() < 60, "rendered {} rows", initial.len());
    assert_eq!(initial[0], "row 0");
    list.set_scroll_top(30 * 5000);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap()).unwrap();
    assert!(
        wait_until(5.0, || texts(&root, ".test-row").iter().any(|row| row == "row 5000")).await,
        "{:?}",
        texts(&root, ".test-row")
    );
    assert!(texts(&root, ".test-row").len() < 60);
    let spacer: web_sys::HtmlElement = root.query_selector(".vlist-spacer").unwrap().unwrap().unchecked_into();
    assert_eq!(spacer.style().get_property_value("height").unwrap(), "300000px");
}

#[wasm_bindgen_test]
fn visible_range_math() {
    use wham_web::components::virtual_list::visible_range;
    assert_eq!(visible_range(0.0, 600.0, 30.0, 10_000), (0, 29));
    assert_eq!(visible_range(150_000.0, 600.0, 30.0, 10_000), (4992, 5029));
    // Scrolled past the end (the list shrank): the last rows.
    let (first, end) = visible_range(1e9, 600.0, 30.0, 100);
    assert_eq!(end, 100);
    assert!(first < 100 - 20, "a screenful of rows is shown: {first}..{end}");
    assert_eq!(visible_range(0.0, 600.0, 30.0, 3), (0, 3));
    assert_eq!(visible_range(0.0, 600.0, 30.0, 0), (0, 0));
}

// ---- The live turn reducer ----

fn stream_items() -> Vec<wham_api::sse::StreamItem> {
    use serde_json::json;
    let raw = vec![
        json!({"id": "1", "item_type": "task_turn_event", "payload": {"text": "Starting", "turn_status": "in_progress"}}),
        json!({"id": "2", "item_type": "thread_event", "event": {"method": "turn/started", "params": {}}}),
        json!({"id": "3", "item_type": "log", "key": {"type": "setup"}, "line": "npm ci"}),
        json!({"id": "4", "item_type": "task_title_generated", "payload": {"title": "Fix the thing"}}),
        json!({"id": "5", "item_type": "thread_event", "event": {"method": "item/started", "params": {"item": {"id": "c", "type": "commandExecution", "command": "npm test"}}}}),
        json!({"id": "6", "item_type": "thread_event", "event": {"method": "item/commandExecution/outputDelta", "params": {"itemId": "c", "delta": "ok\n"}}}),
        json!({"id": "7", "item_type": "work_log_message", "payload": {"id": "w1", "channel": "commentary", "content": {"text": "Looking"}}}),
        json!({"id": "8", "item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "Done "}}}),
        json!({"id": "9", "item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "now."}}}),
        json!({"id": "10", "item_type": "brand_new_kind", "payload": {}}),
        json!({"id": "11", "item_type": "thread_event", "event": {"method": "turn/completed", "params": {"turn": {"status": "completed"}}}}),
    ];
    raw.into_iter().map(|value| serde_json::from_value(value).unwrap()).collect()
}

#[wasm_bindgen_test]
fn reducer_applies_each_event_once_however_it_arrives() {
    use wham_web::live::reducer::LiveTurn;
    let items = stream_items();
    let start = wham_api::models::Turn {
        id: "t~a".into(),
        turn_status: Some(wham_api::models::TurnStatus::Pending),
        ..Default::default()
    };
    let mut once = LiveTurn::new(start.clone());
    for item in &items {
        once.apply(item);
    }
    assert!(once.finished());
    assert_eq!(once.title.as_deref(), Some("Fix the thing"));
    assert_eq!(once.thread.items.iter().find(|item| item.id == "m").map(|item| item.text.as_str()), Some("Done now."));
    assert_eq!(once.to_turn().logs.unwrap().logs.len(), 1);
    assert!(once.turn.logs.is_none(), "the live turn keeps its history apart");
    assert_eq!(once.last_id, Some(11));
    // Twice: the second pass changes nothing.
    let mut twice = once.clone();
    for item in &items {
        assert!(!twice.apply(item));
    }
    assert_eq!(twice, once);
    // Resumed after any point, or replayed from the start after a cut: the same state.
    for cut in 0..=items.len() {
        let mut resumed = LiveTurn::new(start.clone());
        for item in &items[..cut] {
            resumed.apply(item);
        }
        let mut replayed = resumed.clone();
        for item in &items[cut..] {
            resumed.apply(item);
        }
        for item in &items {
            replayed.apply(item);
        }
        assert_eq!(resumed, once, "resumed after {cut}");
        assert_eq!(replayed, once, "replayed after {cut}");
    }
}

/// The reducer against the real server: a new task's turn, streamed from start to end (the
/// stream ends when the turn does) and applied, equals a fresh `GET` of the turn in everything
/// the stream carries. The stream is read in two pieces, the second resumed after an id in the
/// middle, as the page does after a cut.
#[wasm_bindgen_test]
async fn a_streamed_turn_equals_a_fresh_get_of_it() {
    use gloo_net::http::Request;
    use wham_api::models::{CreateTaskRequest, CreateTaskResponse, EnvironmentList, TurnResponse};
    use wham_api::sse::{SseParser, StreamItem};
    use wham_web::live::reducer::LiveTurn;

    let environments: EnvironmentList = get_json(&format!("{TEST_API}/wham/environments")).await;
    let body = CreateTaskRequest::new_task(&environments.0[0].id, Some("main"), "Tidy the changelog.", false, 1);
    let created: CreateTaskResponse = Request::post(&format!("{TEST_API}/wham/tasks"))
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let start = created.turn.expect("the create answer has the assistant turn");
    let task_id = created.task.id.clone();
    let stream_url = |after: Option<u64>| {
        // The kinds the page asks for.
        let kinds: Vec<String> = wham_web::live::ITEM_TYPES.iter().map(|kind| format!("item_type={kind}")).collect();
        let mut url = format!(
            "{TEST_API}/wham/tasks/{task_id}/turns/{}/stream?{}",
            wham_api::routes::encode_component(&start.id),
            kinds.join("&")
        );
        if let Some(after) = after {
            url.push_str(&format!("&last_event_id={after}"));
        }
        url
    };
    let read_items = |text: String| {
        let events = SseParser::new().push(text.as_bytes());
        events.into_iter().filter_map(|event| StreamItem::parse(&event.data).ok()).collect::<Vec<_>>()
    };
    // The whole stream (it ends when the turn does), then the same resumed after its middle.
    let whole = read_items(Request::get(&stream_url(None)).send().await.unwrap().text().await.unwrap());
    assert!(whole.len() > 20, "the turn streamed its work: {} items", whole.len());
    let middle = whole.len() / 2;
    let after: u64 = whole[middle - 1].id.as_deref().unwrap().parse().unwrap();
    let rest = read_items(Request::get(&stream_url(Some(after))).send().await.unwrap().text().await.unwrap());
    assert_eq!(rest, whole[middle..].to_vec(), "resuming after an id gives exactly the events after it");

    let mut live = LiveTurn::new(start.clone());
    for item in whole[..middle].iter().chain(&rest) {
        live.apply(item);
    }
    assert!(live.finished());
    let streamed = live.to_turn();
    let fresh: TurnResponse =
        get_json(&format!("{TEST_API}/wham/tasks/{task_id}/turns/{}", wham_api::routes::encode_component(&start.id)))
            .await;
    let fresh = fresh.turn;
    assert_eq!(streamed.status(), fresh.status());
    assert_eq!(streamed.thread_events, fresh.thread_events, "thread events, one for one");
    let lines = |turn: &wham_api::models::Turn| {
        turn.logs.as_ref().map(|logs| logs.logs.iter().map(|entry| entry.line.clone()).collect::<Vec<_>>())
    };
    assert_eq!(lines(&streamed), lines(&fresh), "log lines, one for one");
    let worklog_texts = |turn: &wham_api::models::Turn| {
        turn.worklog.as_ref().map(|worklog| worklog.messages.iter().map(|message| message.text()).collect::<Vec<_>>())
    };
    assert_eq!(worklog_texts(&streamed), worklog_texts(&fresh), "worklog messages");
    assert_eq!(
        streamed.latest_event.and_then(|event| event.text),
        fresh.latest_event.and_then(|event| event.text),
        "the latest status line"
    );
    let task: wham_api::models::TaskBundle = get_json(&format!("{TEST_API}/wham/tasks/{task_id}")).await;
    assert_eq!(live.title.as_deref(), Some(task.task.title.as_str()), "the generated title");
}

/// The IDE-extension form of the stream has no ids: a reconnection replays it from the start,
/// and the reducer skips what it already applied by position.
#[wasm_bindgen_test]
fn reducer_applies_a_replayed_stream_without_ids_once() {
    use wham_web::live::reducer::LiveTurn;
    let items: Vec<wham_api::sse::StreamItem> = [
        serde_json::json!({"item_type": "thread_event", "event": {"method": "item/started", "params": {"item": {"id": "m", "type": "agentMessage", "text": ""}}}}),
        serde_json::json!({"item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "Hello "}}}),
        serde_json::json!({"item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "world"}}}),
        serde_json::json!({"item_type": "task_turn_event", "task_turn_event": {"text": "Writing the answer"}}),
    ]
    .into_iter()
    .map(|value| serde_json::from_value(value).unwrap())
    .collect();
    let start = wham_api::models::Turn { id: "t~b".into(), ..Default::default() };
    let mut once = LiveTurn::new(start.clone());
    once.begin_connection();
    items.iter().for_each(|item| {
        once.apply(item);
    });
    for cut in 0..=items.len() {
        let mut replayed = LiveTurn::new(start.clone());
        replayed.begin_connection();
        for item in &items[..cut] {
            replayed.apply(item);
        }
        // The connection drops; the next one starts over.
        replayed.begin_connection();
        for item in &items {
            replayed.apply(item);
        }
        assert_eq!(replayed, once, "cut after {cut}");
        assert_eq!(replayed.thread.items[0].text, "Hello world");
    }
}

#[wasm_bindgen_test]
fn live_labels_say_what_is_true() {
    use wham_web::live::reconnect_label;
    use wham_web::time::elapsed;
    assert_eq!(reconnect_label(2_400.0), "Reconnecting in 3 s");
    assert_eq!(reconnect_label(-0.4), "Reconnecting…");
    assert_eq!(reconnect_label(f64::NAN), "Reconnecting…");
    assert_eq!(elapsed(65), "1:05");
    assert_eq!(elapsed(3_723), "1:02:03");
    // A seeded task "running" for six days is not 9532 minutes.
    assert_eq!(elapsed(6 * 86_400 + 4 * 3600 + 59), "6 d 4 h");
    assert_eq!(wham_web::time::relative(f64::NAN, 1_700_000_000.0), "unknown");
    assert_eq!(wham_web::time::relative(1e13, 1_700_000_000.0), "unknown");
}
