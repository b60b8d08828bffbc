//! A running assistant turn, streamed into the page. The stream session (apply each event
//! once, at most once a frame; reconnect with backoff; confirm the end with the server) is
//! `wham_model::live::session`, run by `crate::live::driver`; this component renders what the
//! driver holds and, when the session concludes, shows the server's copy of the turn.

use super::actions::TurnActions;
use super::output::AssistantOutput;
use super::tools::TurnTools;
use super::use_task;
use super::work::WorkLog;
use crate::api::{self, use_api, TaskId};
use crate::components::status::StatusBadge;
use crate::live::driver::{Conclusion, LiveDriver};
use crate::reactive::SetIfAlive;
use leptos::prelude::*;
use wham_api::models::Turn;
use wham_model::live::reducer::LiveTurn;
use wham_model::live::StreamState;

/// Seconds without an event after which a running turn is said to be stalled.
pub const STALL_SECONDS: f64 = 45.0;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Lets the browser paint a frame before the next step, which then runs in a task of its own.
async fn yield_to_browser() {
    let (painted, frame) = futures::channel::oneshot::channel::<()>();
    request_animation_frame(move || {
        let _ = painted.send(());
    });
    let _ = frame.await;
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[component]
pub fn LiveAssistantTurn(turn: Turn, is_last: Signal<bool>) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let now = RwSignal::new(now_ms());
    let ticker = set_interval_with_handle(move || now.set_if_alive(now_ms()), std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let task_id = TaskId::from(context.task_id.get_untracked());

    // A title the agent generated goes to the header at once.
    let on_title = Callback::new(move |title: String| {
        context.bundle.update_if_alive(|bundle| {
            if let Some(bundle) = bundle {
                if bundle.task.title != title {
                    bundle.task.title = title;
                    bundle.task.has_generated_title = true;
                }
            }
        });
    });
    // The streamed copy of the turn, once the driver holds it.
    let streamed = StoredValue::new(None::<RwSignal<LiveTurn>>);
    // The session is over: show the turn as the server holds it, a frame later (so a long
    // turn's decoding and its view do not add up to one long freeze); tell a person in another
    // tab; a turn watched to its end is read.
    let on_conclude = {
        let task_id = task_id.clone();
        Callback::new(move |conclusion: Conclusion| {
            let task_id = task_id.clone();
            leptos::task::spawn_local(async move {
                let watched = crate::browser::notify::page_visible();
                if let (false, Some(fresh)) = (watched, &conclusion.fresh) {
                    let title = context
                        .bundle
                        .try_with_untracked(|bundle| bundle.as_ref().map(|bundle| bundle.task.title.clone()))
                        .flatten()
                        .unwrap_or_default();
                    crate::browser::notify::task_finished(task_id.as_str(), &title, &fresh.status().label());
                }
                // In a hidden tab this waits until the person comes back: no work meanwhile.
                yield_to_browser().await;
                match conclusion.fresh {
                    Some(fresh) if conclusion.show => {
                        // The streamed copy of the turn (as big as the turn itself) is taken
                        // out unseen before this view is replaced, and freed in a task of its
                        // own, not in the one that builds the finished view. If the page
                        // re-reads the task instead, it is put back.
                        let live = streamed.try_get_value().flatten();
                        let streamed_turn = live.and_then(|live| live.try_update_untracked(std::mem::take));
                        if context.replace_turn(*fresh) {
                            gloo_timers::future::TimeoutFuture::new(0).await;
                            drop(streamed_turn);
                        } else if let (Some(live), Some(turn)) = (live, streamed_turn) {
                            live.try_update_untracked(|current| *current = turn);
                        }
                    }
                    Some(_) => {}
                    None => crate::reactive::run_if_alive(context.reload),
                }
                if watched {
                    let _ = api::tasks::mark_read(api, &task_id).await;
                }
            });
        })
    };
    let driver = LiveDriver::start(api, task_id, turn.clone(), on_title, on_conclude);
    let live = driver.live;
    streamed.set_value(Some(live));
    let state = driver.state;
    let last_event_at = driver.last_item_ms;

    // The page's other parts (header, attempt tabs) show this turn's status as it streams.
    let streamed_id = turn.id.clone();
    context.streaming.update(|streaming| {
        streaming.insert(streamed_id.clone());
    });
    let status_id = streamed_id.clone();
    Effect::new(move |_| {
        let status = live.with(|live| live.turn.status());
        context.statuses.update(|statuses| {
            if statuses.get(&status_id) != Some(&status) {
                statuses.insert(status_id.clone(), status);
            }
        });
    });
    on_cleanup(move || {
        context.streaming.try_update(|streaming| {
            streaming.remove(&streamed_id);
        });
    });

    // What the view shows, as memos: each frame's update notifies only the parts that changed.
    let shown_turn = Memo::new(move |_| live.with(|live| live.turn.clone()));
    let output_items = Memo::new(move |_| shown_turn.with(|turn| turn.output_items.clone()));
    let thread = Memo::new(move |_| live.with(|live| live.thread.clone()));
    let diff = Memo::new(move |_| live.with(|live| live.thread.diff.clone()));
    let activity = ViewFn::from(move || view! { <WorkLog turn=shown_turn thread=thread /> });
    let created = turn.created_at.as_ref().and_then(|stamp| stamp.as_seconds()).map(|seconds| seconds * 1000.0);
    view! {
        <section class="turn assistant-turn live" aria-label="Answer (running)" data-turn-id=turn.id.clone()>
            <div class="turn-head">
                <span class="turn-label">"Codex"</span>
                {move || view! { <StatusBadge status=live.with(|live| live.turn.status()) /> }}
                <span class=move || format!("stream-state {}", state.with(StreamState::class)) role="status">
                    {move || state.with(|state| state.label(now.get()))}
                </span>
                {move || {
                    created
                        .map(|created| {
                            let seconds = ((now.get() - created) / 1000.0).max(0.0) as u64;
                            view! {
                                <span class="muted elapsed" title="Elapsed">
                                    {wham_model::time_text::elapsed(seconds)}
                                </span>
                            }
                        })
                }}
            </div>
            <TurnActions turn=turn.clone() is_last=is_last />
            <div class="now-doing" aria-live="polite">
                {move || {
                    live.with(|live| live.turn.latest_event.as_ref().and_then(|event| event.text.clone()))
                        .map(|text| view! { <p class="latest">{text}</p> })
                }}
                {move || {
                    let quiet = (now.get() - last_event_at.get()) / 1000.0;
                    (quiet > STALL_SECONDS && matches!(state.get(), StreamState::Live))
                        .then(|| {
                            view! {
                                <p class="notice notice-warn" role="status">
                                    {format!("No news from the agent for {quiet:.0} s. ")}
                                    "It may be stalled; the page keeps listening."
                                </p>
                            }
                        })
                }}
            </div>
            // The answer, and beside it its diff so far, logs and activity (which updates in
            // place); the output is redrawn only when it changes (rarely before the end).
            <div class="turn-workspace">
                <div class="turn-answer">
                    {move || {
                        output_items.track();
                        view! { <AssistantOutput turn=shown_turn.get_untracked() /> }
                    }}
                </div>
                <TurnTools turn_id=turn.id.clone() diff=diff activity=activity />
            </div>
        </section>
    }
}
