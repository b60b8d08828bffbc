//! Runs a live session in the browser. The session (`wham_model::live::session`) decides; the
//! driver only does what it is told: it opens and closes the stream, schedules frames and
//! timers, reads the turn, and mirrors the session into signals for the view. Every callback
//! it hands out holds a copy of the (`Copy`) driver, never a closure that refers to itself;
//! once the page is left, the stored session is gone and late callbacks do nothing.

use super::transport::{self, Callbacks, StreamHandle};
use crate::api::{self, credential_headers, ApiContext, TaskId, TurnId};
use crate::browser::scroll::{at_bottom, scroll_to_bottom};
use leptos::prelude::*;
use wham_api::models::Turn;
use wham_api::routes;
use wham_model::live::reducer::LiveTurn;
use wham_model::live::session::{Command, Event, Session};
use wham_model::live::{StreamState, ITEM_TYPES};

/// How often a hidden tab applies what arrived (it runs no animation frames).
const HIDDEN_FLUSH_MS: u64 = 1000;

/// How the session ended, for the page: the server's copy of the turn (`None`: re-read the
/// task) and whether to show it.
#[derive(Debug, Clone)]
pub struct Conclusion {
    pub fresh: Option<Box<Turn>>,
    pub show: bool,
}

/// One running turn's live session and what the view reads of it.
#[derive(Clone, Copy)]
pub struct LiveDriver {
    /// The turn as the stream has built it.
    pub live: RwSignal<LiveTurn>,
    /// How the stream is doing.
    pub state: RwSignal<StreamState>,
    /// When the last item arrived (ms since the epoch).
    pub last_item_ms: RwSignal<f64>,
    session: StoredValue<Session, LocalStorage>,
    stream: StoredValue<Option<StreamHandle>, LocalStorage>,
    api: ApiContext,
    task_id: StoredValue<TaskId>,
    turn_id: StoredValue<TurnId>,
    /// Called with a title the agent generated.
    on_title: Callback<String>,
    on_conclude: Callback<Conclusion>,
}

impl LiveDriver {
    /// Starts following `turn` of `task_id`. The session stops when the owner is cleaned up
    /// (the person leaves the page or the turn's view is replaced).
    pub fn start(
        api: ApiContext,
        task_id: TaskId,
        turn: Turn,
        on_title: Callback<String>,
        on_conclude: Callback<Conclusion>,
    ) -> Self {
        let now = js_sys::Date::now();
        let driver = LiveDriver {
            turn_id: StoredValue::new(TurnId::from(turn.id.clone())),
            live: RwSignal::new(LiveTurn::new(turn)),
            state: RwSignal::new(StreamState::Connecting),
            last_item_ms: RwSignal::new(now),
            session: StoredValue::new_local(Session::new(now)),
            stream: StoredValue::new_local(None),
            api,
            task_id: StoredValue::new(task_id),
            on_title,
            on_conclude,
        };
        on_cleanup(move || driver.dispatch(Event::Stop));
        driver.dispatch(Event::Start);
        driver
    }

    /// Hands one event to the session and carries out what it answers.
    pub fn dispatch(self, event: Event) {
        // Measured before the new lines are painted: was the person following along?
        let stick = matches!(event, Event::FlushDue | Event::StreamEnded) && at_bottom();
        let now = js_sys::Date::now();
        let Some((commands, state, last_item_ms)) = self.session.try_update_value(|session| {
            let mut commands = Vec::new();
            self.live.try_update_untracked(|live| commands = session.handle(live, event, now));
            (commands, session.state.clone(), session.last_item_ms)
        }) else {
            return; // the page was left
        };
        if self.state.try_with_untracked(|current| *current != state).unwrap_or(false) {
            self.state.set(state);
        }
        if self.last_item_ms.try_get_untracked().is_some_and(|last| last != last_item_ms) {
            self.last_item_ms.set(last_item_ms);
        }
        for command in commands {
            self.run(command, stick);
        }
    }

    fn run(self, command: Command, stick: bool) {
        match command {
            Command::Open { last_event_id } => self.open(last_event_id),
            Command::CloseStream => {
                if let Some(handle) = self.stream.try_update_value(Option::take).flatten() {
                    handle.close();
                }
            }
            Command::ScheduleFlush => {
                request_animation_frame(move || self.dispatch(Event::FlushDue));
                // A hidden tab runs no animation frames: this timer (throttled to about once a
                // second there) keeps the turn current and notices its end without a frame's
                // worth of work per event. Visible, the frame wins and the timer finds nothing.
                set_timeout(move || self.dispatch(Event::FlushDue), std::time::Duration::from_millis(HIDDEN_FLUSH_MS));
            }
            Command::Applied { title } => {
                self.live.notify();
                if let Some(title) = title {
                    let _ = self.on_title.try_run(title);
                }
                if stick {
                    request_animation_frame(scroll_to_bottom);
                }
            }
            Command::ReadTurn { after_ms } => leptos::task::spawn_local(async move {
                if after_ms > 0 {
                    gloo_timers::future::TimeoutFuture::new(after_ms).await;
                }
                let (Some(task_id), Some(turn_id)) = (self.task_id.try_get_value(), self.turn_id.try_get_value())
                else {
                    return;
                };
                let read = api::tasks::finished_turn(self.api, &task_id, &turn_id)
                    .await
                    .map(Box::new)
                    .map_err(|error| error.message());
                self.dispatch(Event::TurnRead(read));
            }),
            Command::RetryAfter { ms } => {
                set_timeout(move || self.dispatch(Event::RetryDue), std::time::Duration::from_millis(ms as u64));
            }
            Command::Conclude { fresh, show } => {
                let _ = self.on_conclude.try_run(Conclusion { fresh, show });
            }
        }
    }

    fn open(self, last_event_id: Option<u64>) {
        let (Some(task_id), Some(turn_id)) = (self.task_id.try_get_value(), self.turn_id.try_get_value()) else {
            return;
        };
        let settings = self.api.connection.get_untracked();
        let mut request = routes::TURN_STREAM.request(&[("task_id", task_id.as_str()), ("turn_id", turn_id.as_str())]);
        for kind in ITEM_TYPES {
            request = request.query("item_type", kind);
        }
        let url_base = request.url(&settings.base);
        let headers = credential_headers(&url_base, &settings);
        // EventSource cannot send Last-Event-ID on a fresh connection: it goes in the query.
        let url = match (headers.is_empty(), last_event_id) {
            (true, Some(id)) => request.query("last_event_id", id).url(&settings.base),
            _ => url_base,
        };
        let callbacks = Callbacks {
            on_open: Box::new(move || self.dispatch(Event::Opened)),
            on_item: Box::new(move |item| self.dispatch(Event::Item(Box::new(item)))),
            on_end: Box::new(move |_reason| self.dispatch(Event::StreamEnded)),
        };
        match transport::open(&url, headers, last_event_id, callbacks) {
            Ok(handle) => {
                if let Some(Some(previous)) = self.stream.try_update_value(|stream| stream.replace(handle)) {
                    previous.close();
                }
            }
            Err(error) => self.dispatch(Event::OpenFailed(error)),
        }
    }
}
