//! The header's usage badge: how many task creations are left in the current window, and when
//! the limit is reached a live countdown to the reset, so a person learns their limit before a
//! 429. It links to the Usage page. The badge and the composer's hint below show the app's one
//! reading of the limit (`task_limit`), which the badge has read again every minute.

use crate::components::task_limit::{use_fresh_task_limit, use_task_limit};
use leptos::prelude::*;
use leptos_router::components::A;
use wham_model::time_text::elapsed;

/// How often the badge asks again (ms).
const REFRESH_MS: u64 = 60_000;

#[component]
pub fn UsageBadge() -> impl IntoView {
    let limit = use_task_limit();
    // The reset time in ms since the epoch, fixed when the answer arrives, and a clock.
    let now = RwSignal::new(js_sys::Date::now());
    let ticker = set_interval_with_handle(
        move || {
            now.try_set(js_sys::Date::now());
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    let poller = set_interval_with_handle(move || limit.refetch(), std::time::Duration::from_millis(REFRESH_MS)).ok();
    on_cleanup(move || {
        if let Some(handle) = ticker {
            handle.clear();
        }
        if let Some(handle) = poller {
            handle.clear();
        }
    });
    let reset_at = Memo::new(move |_| {
        limit
            .get()
            .and_then(|result| result.ok())
            .and_then(|limit| limit.resets_after)
            .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
            .map(|seconds| js_sys::Date::now() + seconds * 1000.0)
    });
    move || {
        let Some(Ok(limit)) = limit.get() else {
            return ().into_any();
        };
        let remaining = limit.remaining.filter(|value| value.is_finite()).map(|value| value.max(0.0) as u64);
        let total = limit.limit.filter(|value| value.is_finite()).map(|value| value.max(0.0) as u64);
        let reached = limit.limit_reached == Some(true) || remaining == Some(0);
        let countdown = move || {
            reset_at
                .get()
                .map(|at| elapsed(((at - now.get()) / 1000.0).max(0.0).ceil() as u64))
                .unwrap_or_else(|| "soon".into())
        };
        let title = match (remaining, total) {
            (Some(remaining), Some(total)) => format!("{remaining} of {total} task creations left in this window"),
            _ => "Task creations left in this window".into(),
        };
        view! {
            <A
                href="/usage"
                attr:class=if reached { "usage-badge usage-reached" } else { "usage-badge" }
                attr:title=title
            >
                {if reached {
                    view! { <span>"Limit reached · resets in " {countdown}</span> }.into_any()
                } else {
                    view! {
                        <span>
                            {remaining
                                .map(|remaining| format!("{remaining} tasks left"))
                                .unwrap_or_else(|| "Usage".into())}
                        </span>
                    }
                        .into_any()
                }}
            </A>
        }
        .into_any()
    }
}

/// Under the composer's Start button: how many tasks can still start, and at the limit when
/// the next one can (the draft is kept meanwhile).
#[component]
pub fn CreationLimitHint() -> impl IntoView {
    let limit = use_fresh_task_limit();
    move || {
        let Some(Ok(limit)) = limit.get() else {
            return ().into_any();
        };
        let remaining = limit.remaining.filter(|value| value.is_finite()).map(|value| value.max(0.0) as u64);
        let reached = limit.limit_reached == Some(true) || remaining == Some(0);
        if reached {
            let wait = limit
                .resets_after
                .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
                .map(|seconds| format!("in {}", elapsed(seconds.ceil() as u64)))
                .unwrap_or_else(|| "soon".into());
            view! {
                <p class="notice notice-warn creation-limit" role="status">
                    {format!("Task limit reached: you can start one again {wait}. Your draft is kept.")}
                </p>
            }
            .into_any()
        } else {
            let left = remaining.map(|count| format!("{count} task creations left"));
            view! { <p class="muted creation-limit">{left}</p> }.into_any()
        }
    }
}
