//! The task-creation rate window: `GET /wham/tasks/rate_limit`, `GET /wham/usage`, and the
//! numbers task creation checks, so the 429 and the endpoints always agree.

use crate::state::Store;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::json;
use wham_api::models::*;
use wham_api::tolerant::Extra;

fn in_window(store: &Store, now: f64) -> Vec<f64> {
    store.task_creations.iter().copied().filter(|at| now - at < store.rate_window_seconds).collect()
}

/// The rate limit as of `now`.
pub fn rate_limit(store: &Store, now: f64) -> RateLimit {
    let used = in_window(store, now);
    let limit = store.rate_limit_per_window as f64;
    let remaining = (limit - used.len() as f64).max(0.0);
    let resets_after = used
        .iter()
        .copied()
        .reduce(f64::min)
        .map(|oldest| (oldest + store.rate_window_seconds - now).max(0.0))
        .unwrap_or(0.0);
    let minutes = (resets_after / 60.0).ceil() as u64;
    RateLimit {
        allowed: Some(remaining >= 1.0),
        limit_reached: Some(remaining < 1.0),
        limit: Some(limit),
        remaining: Some(remaining),
        resets_after: Some(resets_after),
        resets_after_text: Some(if minutes == 0 { "now".into() } else { format!("in {minutes} minutes") }),
        user_plan_type: Some("pro".into()),
        windows: Some(vec![RateLimitWindow {
            limit: Some(limit),
            remaining: Some(remaining),
            resets_after: Some(resets_after),
            limit_window_mins: Some(store.rate_window_seconds / 60.0),
            extra: Extra::new(),
        }]),
        extra: Extra::new(),
    }
}

pub fn record_creation(store: &mut Store, now: f64) {
    let window = store.rate_window_seconds;
    store.task_creations.retain(|at| now - at < window);
    store.task_creations.push(now);
}

pub async fn get_rate_limit(State(state): State<AppState>) -> Json<RateLimit> {
    Json(rate_limit(&state.read(), crate::now()))
}

/// `GET /wham/usage`: the same window as a percentage, plus a weekly secondary window.
pub async fn usage(State(state): State<AppState>) -> Json<Usage> {
    let now = crate::now();
    let store = state.read();
    let limit = rate_limit(&store, now);
    let used_percent = 100.0 * (1.0 - limit.remaining.unwrap_or(0.0) / limit.limit.unwrap_or(1.0).max(1.0));
    let week = 7.0 * 86_400.0;
    let week_used = store.task_creations.len() as f64;
    Json(Usage {
        plan_type: Some("pro".into()),
        rate_limit: Some(UsageRateLimit {
            allowed: limit.allowed,
            limit_reached: limit.limit_reached,
            primary_window: Some(UsageWindow {
                used_percent: Some(used_percent),
                limit_window_seconds: Some(store.rate_window_seconds),
                reset_after_seconds: limit.resets_after,
                reset_at: Some((now + limit.resets_after.unwrap_or(0.0)).floor().into()),
                extra: Extra::new(),
            }),
            secondary_window: Some(UsageWindow {
                used_percent: Some((100.0 * week_used / 1000.0).min(100.0)),
                limit_window_seconds: Some(week),
                reset_after_seconds: Some(week / 2.0),
                reset_at: Some((now + week / 2.0).floor().into()),
                extra: Extra::new(),
            }),
            extra: Extra::new(),
        }),
        credits: Some(json!({"has_credits": false, "unlimited": false, "balance": "0"})),
        additional_rate_limits: Vec::new(),
        rate_limit_reached_type: limit.limit_reached.filter(|reached| *reached).map(|_| "primary".to_string()),
        extra: Extra::new(),
    })
}
