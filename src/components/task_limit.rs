//! The task-creation limit (`/wham/tasks/rate_limit`), asked once for the whole app: the
//! header's badge, the Usage page and the composer's hint show the same answer, so they never
//! disagree and a page opened by its address does not ask the server twice. It is read again
//! when the person used some of their limit (`ApiContext::usage_changed`), when the badge's
//! minute comes round, on any view's Try again, and when a page that shows it opens on a
//! reading more than [`FRESH_MS`] old (its "resets in" is counted from when it arrived).

use crate::api::{use_api, ApiError};
use leptos::prelude::*;
use wham_api::models::RateLimit;

/// How old a reading a page may open on (ms).
const FRESH_MS: f64 = 10_000.0;

/// Where the app's one reading lives, provided by `App`. The reading itself is made when a
/// view first shows it, not in `App`: its code (the request, its decoder) then stays out of the
/// first load, with the header's badge (`pages::lazy`). It is made in `App`'s owner, so leaving
/// the page that happened to make it does not drop it.
#[derive(Clone)]
pub struct TaskLimitHome {
    /// Weak: the home is in `App`'s own context, which a strong handle would keep alive.
    app: WeakOwner,
    reading: StoredValue<Option<TaskLimit>>,
}

impl TaskLimitHome {
    pub fn provide() {
        if let Some(app) = Owner::current() {
            provide_context(TaskLimitHome { app: app.downgrade(), reading: StoredValue::new(None) });
        }
    }
}

/// The app's one reading of the task limit.
#[derive(Clone, Copy)]
struct TaskLimit {
    answer: LocalResource<Result<RateLimit, ApiError>>,
    /// When the last answer arrived (ms since the epoch); `None` before the first.
    read_at: StoredValue<Option<f64>>,
}

impl TaskLimit {
    fn new() -> Self {
        let api = use_api();
        let read_at = StoredValue::new(None);
        let answer = LocalResource::new(move || {
            api.usage_changed.track();
            async move {
                let answer = crate::api::tasks::rate_limit(api).await;
                read_at.try_set_value(Some(js_sys::Date::now()));
                answer
            }
        });
        TaskLimit { answer, read_at }
    }
}

/// The app's reading.
pub fn use_task_limit() -> LocalResource<Result<RateLimit, ApiError>> {
    shared().answer
}

/// The app's reading for a page about to show it: asked again first if it is stale. A reading
/// still on its way (the first, on a page opened by its address) is waited for, not asked twice.
pub fn use_fresh_task_limit() -> LocalResource<Result<RateLimit, ApiError>> {
    let limit = shared();
    let stale = limit.read_at.get_value().is_some_and(|at| js_sys::Date::now() - at > FRESH_MS);
    if stale {
        limit.answer.refetch();
    }
    limit.answer
}

fn shared() -> TaskLimit {
    let home = use_context::<TaskLimitHome>();
    let Some((home, app)) = home.and_then(|home| home.app.upgrade().map(|app| (home, app))) else {
        // A component mounted on its own (tests): a reading of its own.
        return TaskLimit::new();
    };
    if let Some(reading) = home.reading.get_value() {
        return reading;
    }
    let reading = app.with(TaskLimit::new);
    home.reading.set_value(Some(reading));
    reading
}
