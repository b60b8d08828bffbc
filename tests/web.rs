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

async fn server_titles(filter: &str) -> Vec<String> {
    let url = format!("{TEST_API}/wham/tasks/list?task_filter={filter}&limit=20");
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .expect("wham-server answers");
    let list: wham_api::models::TaskListResponse = response.json().await.expect("list decodes");
    list.items.into_iter().map(|item| item.title).collect()
}

#[wasm_bindgen_test]
async fn task_list_shows_the_servers_first_page() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection {
            base: TEST_API.into(),
            ..Default::default()
        }));
        view! { <Router><wham_web::pages::tasks::TaskList environment_label=None/></Router> }
    });
    assert!(
        wait_until(20.0, || !texts(&root, ".task-row .task-title").is_empty()).await,
        "no rows appeared: {}",
        root.inner_html()
    );
    let shown = texts(&root, ".task-row .task-title");
    let expected = server_titles("current").await;
    assert_eq!(shown, expected);
    assert_eq!(shown.len(), 20, "one full page");
    // Each row carries a status badge with words, and a link to its task.
    assert_eq!(texts(&root, ".task-row .badge").len(), 20);
    assert!(
        texts(&root, ".load-more").len() == 1,
        "a further page is offered"
    );
}

#[wasm_bindgen_test]
async fn archived_filter_lists_only_archived_tasks() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection {
            base: TEST_API.into(),
            ..Default::default()
        }));
        view! { <Router><wham_web::pages::tasks::TaskList query=wham_web::pages::tasks::ListQuery { filter: wham_api::models::TaskFilter::Archived, ..Default::default() } environment_label=None/></Router> }
    });
    assert!(wait_until(20.0, || !texts(&root, ".task-row .task-title").is_empty()).await);
    assert_eq!(
        texts(&root, ".task-row .task-title"),
        server_titles("archived").await
    );
}

#[wasm_bindgen_test]
async fn unreachable_server_shows_an_error_with_retry() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection {
            base: "http://127.0.0.1:9/backend-api".into(),
            ..Default::default()
        }));
        view! { <Router><wham_web::pages::tasks::TaskList environment_label=None/></Router> }
    });
    assert!(
        wait_until(20.0, || !texts(&root, "[role=alert]").is_empty()).await,
        "{}",
        root.inner_html()
    );
    assert!(texts(&root, "[role=alert]")[0].contains("Cannot reach the server"));
    assert_eq!(
        texts(&root, "[role=alert] button"),
        vec!["Try again".to_string()]
    );
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
    let with_base = |base: &str| Connection {
        base: base.into(),
        ..Default::default()
    };
    assert!(with_base("/backend-api").validate().is_ok());
    assert!(with_base("http://127.0.0.1:8787/backend-api")
        .validate()
        .is_ok());
    assert!(with_base("//evil.example").validate().is_err());
    assert!(with_base("javascript:alert(1)").validate().is_err());
    assert_eq!(with_base("  ").normalized().base, "/backend-api");
    assert_eq!(
        origin_of("http://127.0.0.1:8787/backend-api").as_deref(),
        Some("http://127.0.0.1:8787")
    );
    assert_eq!(origin_of("/backend-api"), None);
}

#[wasm_bindgen_test]
fn connection_is_kept_in_session_storage_unless_remembered() {
    let connection = Connection {
        token: "tok-123456789".into(),
        account_id: "acct".into(),
        ..Default::default()
    };
    connection.save().unwrap();
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert!(session.get_item("wham-web.connection").unwrap().is_some());
    assert!(local.get_item("wham-web.connection").unwrap().is_none());
    assert_eq!(Connection::load(), connection);
    let remembered = Connection {
        remember: true,
        ..connection
    };
    remembered.save().unwrap();
    assert!(session.get_item("wham-web.connection").unwrap().is_none());
    assert!(local.get_item("wham-web.connection").unwrap().is_some());
    assert_eq!(Connection::load(), remembered);
    local.remove_item("wham-web.connection").unwrap();
}
