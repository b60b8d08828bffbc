//! wasm-bindgen-tests of the app's pieces in headless Chromium, against a real wham-server.
//!
//! `cargo xtask test` starts `wham-server --allow-cors` on port 18787 before these run; the
//! tests talk to it over HTTP like the app does.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wham_web::api::connection::Connection;
use wham_web::api::ApiContext;

wasm_bindgen_test_configure!(run_in_browser);

const TEST_API: &str = match option_env!("WHAM_TEST_API") {
    Some(url) => url,
    None => "http://127.0.0.1:18787/backend-api",
};

/// The layout the app's stylesheet gives the task list (these tests load no CSS): a list of
/// bounded height that scrolls, rows of fixed height. Without it the list grows with its rows,
/// every loaded row is "in view", and how many render depends on how fast pages arrive.
const LIST_LAYOUT: &str = ".task-list { height: 600px; overflow-y: auto; } .task-row { height: 72px; }";

/// A fresh element to mount into.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("test-layout").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("test-layout");
        style.set_text_content(Some(LIST_LAYOUT));
        document.head().unwrap().append_child(&style).unwrap();
    }
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

/// POSTs `body` as JSON to `url` on the test server and decodes the answer.
async fn post_json<T: serde::de::DeserializeOwned>(url: &str, body: &impl serde::Serialize) -> T {
    let request = gloo_net::http::Request::post(url).json(body).expect("a JSON body");
    request.send().await.expect("wham-server answers").json().await.expect("the answer decodes")
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

/// Mounts the task list for `query`, talking to the API at `base`.
fn mount_task_list(
    root: &web_sys::HtmlElement,
    base: &'static str,
    query: wham_web::pages::tasks::ListQuery,
) -> impl Drop {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiContext::new(Connection { base: base.into(), ..Default::default() }));
        let query = query.clone();
        view! {
            <Router>
                <wham_web::pages::tasks::TaskList query=query />
            </Router>
        }
    })
}

#[wasm_bindgen_test]
async fn task_list_shows_the_servers_first_page() {
    let root = container();
    let _handle = mount_task_list(&root, TEST_API, Default::default());
    // The rows the window shows come first, the few below it once the browser is idle.
    assert!(
        wait_until(20.0, || texts(&root, ".task-row .task-title").len() >= 10).await,
        "ten rows did not appear: {}",
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
    let query =
        wham_web::pages::tasks::ListQuery { filter: wham_api::models::TaskFilter::Archived, ..Default::default() };
    let _handle = mount_task_list(&root, TEST_API, query);
    assert!(wait_until(20.0, || !texts(&root, ".task-row .task-title").is_empty()).await);
    let mut expected = server_titles("archived").await;
    expected.extend(server_page_two("archived").await);
    let shown = texts(&root, ".task-row .task-title");
    assert_eq!(shown[..], expected[..shown.len()]);
}

#[wasm_bindgen_test]
async fn unreachable_server_shows_an_error_with_retry() {
    let root = container();
    let _handle = mount_task_list(&root, "http://127.0.0.1:9/backend-api", Default::default());
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
    use wham_web::api::connection::{mask, origin_of};
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

#[wasm_bindgen_test]
async fn virtual_list_keeps_the_dom_bounded_with_10000_rows() {
    use wham_web::components::virtual_list::VirtualList;
    let root = container();
    root.set_attribute("style", "height: 600px").unwrap();
    let items: Vec<u32> = (0..10_000).collect();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <VirtualList
                items=Signal::stored(items.clone())
                row_height=30.0
                key=|n: &u32| *n
                row=|_, n| {
                    view! {
                        <div class="test-row" style="height:30px">
                            {format!("row {n}")}
                        </div>
                    }
                }
                class="test-list"
                label="Numbers"
            />
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

// ---- The live turn against the server ----

/// The reducer against the real server: a new task's turn, streamed from start to end (the
/// stream ends when the turn does) and applied, equals a fresh `GET` of the turn in everything
/// the stream carries. The stream is read in two pieces, the second resumed after an id in the
/// middle, as the page does after a cut.
#[wasm_bindgen_test]
async fn a_streamed_turn_equals_a_fresh_get_of_it() {
    use gloo_net::http::Request;
    use wham_api::models::{CreateTaskRequest, CreateTaskResponse, EnvironmentList, TurnResponse};
    use wham_api::sse::{SseParser, StreamItem};
    use wham_model::live::reducer::LiveTurn;

    let environments: EnvironmentList = get_json(&format!("{TEST_API}/wham/environments")).await;
    let body = CreateTaskRequest::new_task(&environments.0[0].id, Some("main"), "Tidy the changelog.", false, 1);
    let created: CreateTaskResponse = post_json(&format!("{TEST_API}/wham/tasks"), &body).await;
    let start = created.turn.expect("the create answer has the assistant turn");
    let task_id = created.task.id.clone();
    let stream_url = |after: Option<u64>| {
        // The kinds the page asks for.
        let kinds: Vec<String> = wham_model::live::ITEM_TYPES.iter().map(|kind| format!("item_type={kind}")).collect();
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

// ---- The environment editor ----

/// Mounts the app's routes for environments at `path`, talking to the test server.
fn mount_environment_route(root: &web_sys::HtmlElement, path: &str) -> impl Drop {
    use leptos_router::components::{Route, Routes};
    use leptos_router::path;
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiContext::new(Connection { base: TEST_API.into(), ..Default::default() }));
        provide_context(wham_web::components::toast::Toasts::new());
        view! {
            <Router>
                <Routes fallback=|| "not found">
                    <Route path=path!("/environments/new") view=wham_web::pages::environments::NewEnvironmentPage />
                    <Route
                        path=path!("/environments/:environment_id/edit")
                        view=wham_web::pages::environments::EditEnvironmentPage
                    />
                </Routes>
            </Router>
        }
    })
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    let element: web_sys::HtmlElement = root.query_selector(selector).unwrap().expect(selector).unchecked_into();
    element.click();
}

#[wasm_bindgen_test]
async fn an_empty_environment_form_is_refused_at_its_fields_before_sending() {
    let root = container();
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let _mounted = mount_environment_route(&root, "/environments/new");
    assert!(wait_until(10.0, || root.query_selector("button[type=submit]").unwrap().is_some()).await);
    let before: wham_api::models::EnvironmentList = get_json(&format!("{TEST_API}/wham/environments")).await;
    click(&root, "button[type=submit]");
    assert!(wait_until(5.0, || texts(&root, ".field-error").len() >= 2).await, "{:?}", texts(&root, ".field-error"));
    let errors = texts(&root, ".field-error");
    assert!(errors.contains(&"Give the environment a name.".to_string()), "{errors:?}");
    assert!(errors.contains(&"Choose at least one repository.".to_string()), "{errors:?}");
    let label: web_sys::HtmlElement = root.query_selector("#environment-label").unwrap().unwrap().unchecked_into();
    assert_eq!(label.get_attribute("aria-invalid").as_deref(), Some("true"));
    let after: wham_api::models::EnvironmentList = get_json(&format!("{TEST_API}/wham/environments")).await;
    assert_eq!(after.0.len(), before.0.len(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn a_saved_secret_is_never_rendered() {
    // An environment with a secret, made on the server.
    let environments: wham_api::models::EnvironmentList = get_json(&format!("{TEST_API}/wham/environments")).await;
    let repos: Vec<String> = environments.0[0].repo_map.keys().cloned().collect();
    let body = serde_json::json!({"label": "Secretive", "repos": repos, "secrets": {"API_KEY": "do-not-show-me"}});
    let created: wham_api::models::Environment = post_json(&format!("{TEST_API}/wham/environments"), &body).await;
    let root = container();
    let _mounted = mount_environment_route(&root, &format!("/environments/{}/edit", created.id));
    assert!(wait_until(10.0, || texts(&root, ".saved-secret code").contains(&"API_KEY".to_string())).await);
    assert!(!root.inner_html().contains("do-not-show-me"));
    let inputs = root.query_selector_all("input").unwrap();
    for index in 0..inputs.length() {
        let input: web_sys::HtmlInputElement = inputs.item(index).unwrap().unchecked_into();
        assert_ne!(input.value(), "do-not-show-me");
        assert_ne!(input.value(), "********", "the mask is not offered as a value either");
    }
}

#[wasm_bindgen_test]
fn the_list_search_ignores_case_in_every_script() {
    let row =
        |title: &str| wham_api::models::TaskRowSummary { id: "t".into(), title: title.into(), ..Default::default() };
    let search = |text: &str| wham_web::pages::tasks::ListQuery { search: text.into(), ..Default::default() };
    assert!(search("CACHE").keeps(&row("Fix the cache warm-up"), None));
    assert!(search("école").keeps(&row("Rename ÉCOLE fields"), None));
    assert!(search("ΣΟΦΊΑ").keeps(&row("σοφία in the docs"), None));
    assert!(search("straße").keeps(&row("STRAßE parser"), None));
    assert!(!search("école").keeps(&row("Rename ECOLE fields"), None));
    // ASCII titles are compared in place: at either end, never past it, never a near miss.
    assert!(search("fix").keeps(&row("FIX the cache warm-up"), None));
    assert!(search("Warm-Up").keeps(&row("Fix the cache warm-up"), None));
    assert!(!search("warm-up!").keeps(&row("Fix the cache warm-up"), None));
    assert!(!search("a longer search than the title").keeps(&row("Short"), None));
    assert!(!search("caches").keeps(&row("Fix the cache warm-up"), None));
    assert!(!search("é").keeps(&row("Rename ECOLE fields"), None));
    // A false start before the match; a match that ends the title; none running past it.
    assert!(search("cache").keeps(&row("Cac CACH, then Cache"), None));
    assert!(search("p").keeps(&row("Warm-uP"), None));
    assert!(!search("pp").keeps(&row("Warm-up"), None));
    // Titles with letters beyond ASCII: a match in their ASCII part, one once lowercased, none.
    assert!(search("fix").keeps(&row("école: FIX the accents"), None));
    assert!(search("É").keeps(&row("Café"), None));
    assert!(!search("zzz").keeps(&row("école"), None));
    // The Kelvin sign lowercases to an ASCII k.
    assert!(search("\u{212A}EY").keeps(&row("Monkey patch"), None));
    assert!(search("key").keeps(&row("Mon\u{212A}EY patch"), None));
}

#[wasm_bindgen_test]
fn an_exact_time_is_that_moment_on_the_persons_clock() {
    // Read back as a local time (an ISO date and time without a zone is local in
    // `Date.parse`), the text is the same moment, to the second, in this browser's time zone.
    for seconds in [0.0, 1_700_000_000.0, 1_764_720_000.5, 4_102_444_799.0] {
        let text = wham_web::browser::clock::exact(seconds);
        let read_back = js_sys::Date::parse(&text.replacen(' ', "T", 1));
        assert_eq!(read_back, seconds.floor() * 1000.0, "{text} for {seconds}");
    }
    assert_eq!(wham_web::browser::clock::exact(f64::NAN), "unknown");
}

#[wasm_bindgen_test]
fn a_page_waiting_for_its_code_lets_go_of_its_owner_when_left() {
    // A part waiting for its code keeps trying on a timer. The timer must not keep the page
    // around it alive: every list page left was kept, with its rows, until this was fixed.
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use wham_web::pages::lazy::{ChunkMissing, PageUnavailable};
    let cleaned = Arc::new(AtomicBool::new(false));
    let owner = Owner::new();
    let weak = owner.downgrade();
    let view = owner.with(|| {
        let cleaned = cleaned.clone();
        on_cleanup(move || cleaned.store(true, std::sync::atomic::Ordering::SeqCst));
        view! { <PageUnavailable load=|| Box::pin(async { Err(ChunkMissing) }) /> }
    });
    drop(view);
    drop(owner);
    assert!(weak.upgrade().is_none(), "nothing holds the page's owner once the page is gone");
    assert!(cleaned.load(Ordering::SeqCst), "the page's cleanup ran");
}

#[wasm_bindgen_test]
async fn a_part_whose_code_comes_after_its_page_was_left_lets_go_of_its_owner() {
    // The list's prompt box waits for a pause before its code is loaded. A page left during
    // that wait had its part built after all, under its owner, and kept in the part's slot: a
    // view holding its owner kept it alive for ever (every list page left quickly, rows, key
    // listener and all).
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use wham_web::pages::lazy::PageUnavailable;
    static BUILT: AtomicBool = AtomicBool::new(false);
    // What mounting the app sets up: the part's load runs as a spawned task.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let cleaned = Arc::new(AtomicBool::new(false));
    let owner = Owner::new();
    let weak = owner.downgrade();
    let view = owner.with(|| {
        let cleaned = cleaned.clone();
        on_cleanup(move || cleaned.store(true, Ordering::SeqCst));
        // Its code takes a moment to come; the part built then holds the owner it is built under.
        view! {
            <PageUnavailable load=|| {
                Box::pin(async {
                    gloo_timers::future::TimeoutFuture::new(300).await;
                    BUILT.store(true, Ordering::SeqCst);
                    let holds_its_owner = Owner::current();
                    Ok(view! { <p>{move || holds_its_owner.is_some().then_some("built")}</p> }.into_any())
                })
            } />
        }
    });
    // The notice tries again after 2 s: the load is under way when the page is left.
    gloo_timers::future::TimeoutFuture::new(2_100).await;
    drop(view);
    drop(owner);
    gloo_timers::future::TimeoutFuture::new(600).await;
    assert!(BUILT.load(Ordering::SeqCst), "the load finished after the page was left");
    assert!(weak.upgrade().is_none(), "nothing holds the page's owner once the page is gone and the load is done");
    assert!(cleaned.load(Ordering::SeqCst), "the page's cleanup ran");
}

/// The start's stages (`start`) each run in a task of their own, in the order queued.
#[wasm_bindgen_test]
async fn queued_tasks_run_later_in_the_order_queued() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wham_web::browser::tasks::{next_task, queue_task};
    let ran = Rc::new(RefCell::new(Vec::new()));
    for stage in 1..=3 {
        let ran = Rc::clone(&ran);
        queue_task(move || ran.borrow_mut().push(stage));
    }
    // Not now, and not in this task's microtasks either.
    assert!(ran.borrow().is_empty());
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await.unwrap();
    assert!(ran.borrow().is_empty(), "a queued task ran among the microtasks");
    next_task().await;
    assert_eq!(*ran.borrow(), vec![1, 2, 3]);
}

/// A frame's layout reads (each virtual list's measure) all run before any of their writes, so
/// the page is laid out once for them however many lists it has; a read queued by a read waits
/// for the next frame.
#[wasm_bindgen_test]
async fn a_frames_layout_reads_all_run_before_their_writes() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wham_web::browser::layout_reads::read_next_frame;
    let log = Rc::new(RefCell::new(Vec::<String>::new()));
    for list in ["a", "b", "c"] {
        let log = log.clone();
        read_next_frame(move || {
            log.borrow_mut().push(format!("read {list}"));
            let log = log.clone();
            Some(Box::new(move || log.borrow_mut().push(format!("write {list}"))))
        });
    }
    {
        // A read with nothing to write (its list is gone), which queues another for later.
        let log = log.clone();
        read_next_frame(move || {
            log.borrow_mut().push("read gone".into());
            let later = log.clone();
            read_next_frame(move || {
                later.borrow_mut().push("read later".into());
                None
            });
            None
        });
    }
    assert!(log.borrow().is_empty(), "nothing is read before the frame");
    assert!(wait_until(5.0, || log.borrow().len() == 8).await, "{:?}", log.borrow());
    assert_eq!(
        log.borrow()[..],
        ["read a", "read b", "read c", "read gone", "write a", "write b", "write c", "read later"]
    );
}
