//! The app's start, cut into several main-thread tasks instead of one.
//!
//! V8 compiles each WebAssembly function on its first call, on the main thread, and the start
//! calls ~1,600 of them (350 KB of code) before the first rows: run in one task, the start was
//! one task of 65–110 ms, where the page answers nothing (our standard: none over 50 ms).
//! Nothing a page can set makes the browser compile them sooner, so the work is cut where it
//! divides:
//!
//! 1. `main` runs in the task that finishes compiling and instantiating the module (10–25 ms
//!    of it), so it only queues the mount; the next task builds the app's frame (header,
//!    router, notices) into an element outside the page;
//! 2. one task later the route's page is built ([`routes_may_build`]);
//! 3. each answer `index.html` asked for early is handed over in a task of its own
//!    ([`EarlyAnswer`]), so it is decoded and its view built there;
//! 4. then the built app is moved into the page in one step, and the loading shell goes.
//!
//! Built outside the page, the stages have nothing for the browser to lay out or paint between
//! them: moving a half-built app into the page at once, the browser rendered it between the
//! tasks and the first rows came ~40 ms later. A page whose answers are slow to come is moved
//! in after [`LONGEST_HOLD`] anyway, with its loading states, as before.
//!
//! A component mounted alone (the wasm tests) has no outside element: stage 2 still comes one
//! task later, and nothing is moved.

use crate::browser::tasks::{next_task, queue_task};
use leptos::prelude::*;
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The longest the built app waits outside the page for early answers still on the network.
const LONGEST_HOLD: Duration = Duration::from_millis(300);

/// Where the start stands: the element the app is built in, until it is moved into the page.
#[derive(Default)]
struct Start {
    /// The element outside the page that holds the app; `None` once moved (or never used).
    holder: Option<web_sys::Element>,
    /// Whether the route's page is built (stage 2 done).
    routes_built: bool,
    /// Early answers taken and not yet handed over.
    answers_pending: usize,
    /// Whether moving the app into the page is queued.
    move_queued: bool,
    /// What waits for the app to be in the page ([`when_in_page`]).
    when_in: Vec<Box<dyn FnOnce()>>,
}

thread_local! {
    // One app, one start: `main` sets it up, the app's stages report to it.
    static START: RefCell<Start> = RefCell::default();
}

/// Builds `app` outside the page, in the next task, and moves it into `<body>` once its first
/// content is built.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    queue_task(move || mount_now(app));
}

fn mount_now<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let Some(holder) =
        document.create_element("div").ok().and_then(|holder| holder.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    START.with_borrow_mut(|start| start.holder = Some(web_sys::Element::clone(&holder)));
    leptos::mount::mount_to(holder, app).forget();
}

/// Whether the route's page may be built: false until the task after the app's frame is built.
pub fn routes_may_build() -> Signal<bool> {
    let may_build = crate::components::next_task::true_in_next_task();
    // Queued after the task that builds the route's page, this runs once it is built and its
    // first requests (and so its early answers, [`EarlyAnswer`]) are on their way.
    queue_task(|| {
        START.with_borrow_mut(|start| start.routes_built = true);
        move_in_when_ready();
        set_timeout(move_in, LONGEST_HOLD);
    });
    may_build
}

/// An early answer on its way to the app: the app is not moved into the page before it was
/// handed over and built (or [`LONGEST_HOLD`] passed).
pub struct EarlyAnswer(());

impl EarlyAnswer {
    /// Counts an early answer the app took.
    pub fn taken() -> Self {
        START.with_borrow_mut(|start| start.answers_pending += 1);
        EarlyAnswer(())
    }

    /// Waits for a task of the answer's own: decoding it and building its view then runs
    /// there, not in the task of whatever came before it.
    pub async fn own_task(&self) {
        next_task().await;
    }
}

impl Drop for EarlyAnswer {
    /// Handed over (its reader is done with it): its view is built by the end of this task.
    fn drop(&mut self) {
        START.with_borrow_mut(|start| start.answers_pending = start.answers_pending.saturating_sub(1));
        move_in_when_ready();
    }
}

/// Queues moving the app into the page if its route is built and no early answer is pending.
fn move_in_when_ready() {
    let queue = START.with_borrow_mut(|start| {
        let ready = start.holder.is_some() && start.routes_built && start.answers_pending == 0 && !start.move_queued;
        if ready {
            start.move_queued = true;
        }
        ready
    });
    if queue {
        // A task of its own: the views the last answer's signals update are built in this
        // task's microtasks, after this call.
        queue_task(move_in);
    }
}

/// Runs `then` once what is built now is painted and the browser is idle (or a second later).
///
/// At start the app is built outside the page and moved in later, so the wait for a paint
/// begins with the move-in: a frame painted before it showed the loading shell, not what was
/// built (the list's next page was asked for before the first rows' frame).
pub fn when_painted_and_idle(then: impl FnOnce() + 'static) {
    when_in_page(move || crate::browser::idle::when_idle_after_paint(then));
}

/// Runs `then` once the app is in the page: now if it is (or was never built outside it),
/// else right after it is moved in.
fn when_in_page(then: impl FnOnce() + 'static) {
    let then = START.with_borrow_mut(|start| {
        if start.holder.is_some() {
            start.when_in.push(Box::new(then));
            None
        } else {
            Some(then)
        }
    });
    if let Some(then) = then {
        then();
    }
}

/// Moves the app's nodes into `<body>` (once) and takes the loading shell away.
fn move_in() {
    let Some(holder) = START.with_borrow_mut(|start| start.holder.take()) else { return };
    move_nodes_in(&holder);
    let waiting = START.with_borrow_mut(|start| std::mem::take(&mut start.when_in));
    for then in waiting {
        then();
    }
}

/// Moves the holder's nodes into `<body>` and removes the loading shell.
fn move_nodes_in(holder: &web_sys::Element) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    if let Some(body) = document.body() {
        // Moved, not copied: the app's views keep the same nodes, and find their parent anew.
        while let Some(node) = holder.first_child() {
            if body.append_child(&node).is_err() {
                break;
            }
        }
    }
    if let Some(shell) = document.get_element_by_id("boot") {
        shell.remove();
    }
}
