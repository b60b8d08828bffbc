//! `/usage`: the plan and its limits (`/wham/usage`): the primary and secondary windows as bars
//! with their reset times, credits, and any additional limits; and the task-creation window
//! (`/wham/tasks/rate_limit`, the reading the header badge counts down); then `usage_detail.rs`.

use crate::api::use_api;
use crate::components::load_states::Loaded;
use crate::components::page_title::PageTitle;
use crate::components::relative_time::RelativeTime;
use leptos::prelude::*;
use wham_api::models::{RateLimit, Usage, UsageWindow};
use wham_model::time_text::seconds;

#[component]
pub fn UsagePage() -> impl IntoView {
    let api = use_api();
    let usage = LocalResource::new(move || {
        api.usage_changed.track();
        crate::api::account::usage(api)
    });
    // The header's badge shows the same reading: one request for both.
    let rate = crate::components::task_limit::use_fresh_task_limit();
    view! {
        <section class="page usage-page">
            <PageTitle text="Usage" />
            <h1>"Usage and limits"</h1>
            <Loaded resource=usage loading="Loading usage…" view=|usage| view! { <UsageView usage=usage /> } />
            <h2>"Task creation"</h2>
            <Loaded resource=rate loading="Loading the task limit…" view=|rate| view! { <RateView rate=rate /> } />
            <super::usage_detail::UsageDetail />
        </section>
    }
}

#[component]
fn UsageView(usage: Usage) -> impl IntoView {
    let limits = usage.rate_limit.clone().unwrap_or_default();
    let credits = usage.credits.as_ref().map(|credits| {
        let text = |key: &str| {
            credits.get(key).map(|value| value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string()))
        };
        let unlimited = credits.get("unlimited").and_then(|value| value.as_bool()) == Some(true);
        if unlimited {
            "Unlimited".to_string()
        } else {
            match text("balance") {
                Some(balance) => format!("Balance: {balance}"),
                None => "None".to_string(),
            }
        }
    });
    view! {
        <dl class="facts">
            <dt>"Plan"</dt>
            <dd>{usage.plan_type.clone().unwrap_or_else(|| "unknown".into())}</dd>
            <dt>"Credits"</dt>
            <dd>{credits.unwrap_or_else(|| "None".into())}</dd>
        </dl>
        {(limits.limit_reached == Some(true))
            .then(|| {
                view! {
                    <p class="notice notice-error" role="status">
                        "You have reached a limit. New tasks can start when it resets."
                    </p>
                }
            })}
        <div class="usage-windows">
            {limits.primary_window.clone().map(|window| view! { <WindowBar label="Primary window" window=window /> })}
            {limits
                .secondary_window
                .clone()
                .map(|window| view! { <WindowBar label="Secondary window" window=window /> })}
        </div>
        {(!usage.additional_rate_limits.is_empty())
            .then(|| {
                view! {
                    <h2>"Other limits"</h2>
                    <ul>
                        {usage
                            .additional_rate_limits
                            .iter()
                            .map(|limit| {
                                let name = limit
                                    .get("limit_name")
                                    .or_else(|| limit.get("name"))
                                    .and_then(|value| value.as_str())
                                    .unwrap_or("limit")
                                    .to_string();
                                view! { <li>{name}</li> }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}

/// A usage window as a bar: how much is used, how long the window is, when it resets.
#[component]
fn WindowBar(label: &'static str, window: UsageWindow) -> impl IntoView {
    let used = window.used_percent.filter(|value| value.is_finite()).unwrap_or(0.0).clamp(0.0, 100.0);
    let full = used >= 100.0;
    let length = window.limit_window_seconds.filter(|value| value.is_finite() && *value > 0.0).map(|seconds| {
        if seconds >= 86_400.0 {
            format!("{:.0}-day window", seconds / 86_400.0)
        } else if seconds >= 3600.0 {
            format!("{:.0}-hour window", seconds / 3600.0)
        } else {
            format!("{:.0}-minute window", seconds / 60.0)
        }
    });
    let resets = seconds(window.reset_at.as_ref()).or_else(|| {
        window
            .reset_after_seconds
            .filter(|value| value.is_finite())
            .map(|after| crate::browser::clock::now_seconds() + after)
    });
    view! {
        <div class="usage-window">
            <div class="usage-window-head">
                <strong>{label}</strong>
                " "
                <span class="muted">{length}</span>
            </div>
            <div
                class="usage-bar"
                role="meter"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=format!("{used:.0}")
            >
                <div class="usage-bar-fill" class:usage-bar-full=full style:width=format!("{used}%")></div>
            </div>
            <p class="muted">{format!("{used:.0}% used")} {resets_in_words(resets)}</p>
        </div>
    }
}

/// " · resets in 3 hours", when the reset time is known and still ahead (the one check of it,
/// for the windows and the task limit alike). A window with nothing
/// used can have its reset at the present (the local server's sliding window does), which
/// "resets just now" would make sound like news.
///
/// When that time comes while the page is open, the usage and the task limit are read again:
/// the window's numbers have changed, and its reset time would otherwise stand in the past.
fn resets_in_words(resets: Option<f64>) -> impl IntoView {
    let now = crate::browser::clock::now_seconds();
    let resets = resets.filter(|at| *at >= now + 1.0);
    if let Some(at) = resets {
        read_again_at(at - now);
    }
    // Once the reset has passed, the words go (the page's times are worked out again every tick,
    // and a reset in the past would read "resets 2 hours ago" after a computer's sleep) until
    // the usage read again says when the next one is.
    resets.map(|at| {
        move || {
            (at > crate::browser::clock::ticking_now_seconds()).then(|| {
                view! {
                    " · resets "
                    <RelativeTime seconds=Some(at) upcoming=true />
                }
            })
        }
    })
}

/// Reads the usage (and everything that follows it) again in `seconds`: a second after the
/// reset, and not sooner than half a minute from now, so a server that keeps a reset a moment
/// ahead is not asked in a loop. Dropped with the view that asked; a reset beyond what a
/// browser timer holds (24 days) is left to the next visit.
fn read_again_at(seconds: f64) {
    const LONGEST_TIMER_SECONDS: f64 = 24.0 * 86_400.0;
    let delay = (seconds + 1.0).max(30.0);
    if delay > LONGEST_TIMER_SECONDS {
        return;
    }
    let api = use_api();
    let timer = set_timeout_with_handle(
        move || {
            api.usage_changed.try_update(|count| *count += 1);
        },
        std::time::Duration::from_secs_f64(delay),
    );
    if let Ok(timer) = timer {
        on_cleanup(move || timer.clear());
    }
}

/// How many tasks the person may still start, and when that resets.
#[component]
fn RateView(rate: RateLimit) -> impl IntoView {
    let remaining = rate.remaining.filter(|value| value.is_finite()).unwrap_or(0.0).max(0.0) as u64;
    let limit = rate.limit.filter(|value| value.is_finite()).unwrap_or(0.0).max(0.0) as u64;
    let resets =
        rate.resets_after.filter(|value| value.is_finite()).map(|after| crate::browser::clock::now_seconds() + after);
    let left = format!("{remaining} of {limit} task creations left");
    view! { <p class="usage-rate">{left} {resets_in_words(resets)}</p> }
}
