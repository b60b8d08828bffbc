//! The task-creation rate window: `GET /wham/tasks/rate_limit`, `GET /wham/usage`, and the
//! numbers task creation checks, so the 429 and the endpoints always agree; the use per day
//! from the same store, credit events (this server sells no credits: none), and what the
//! account needs before tasks run.

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

/// Days in the per-day breakdown, today included.
const BREAKDOWN_DAYS: i64 = 14;

/// `GET /wham/usage/daily-token-usage-breakdown`: tasks started per UTC day over the last two
/// weeks, oldest first (this server counts tasks, not tokens).
pub async fn daily_breakdown(State(state): State<AppState>) -> Json<DailyUsageBreakdown> {
    let now = crate::now();
    let store = state.read();
    let today = (now / 86_400.0).floor() as i64;
    let data = (today - BREAKDOWN_DAYS + 1..=today)
        .map(|day| {
            let tasks = store
                .tasks
                .values()
                .filter_map(|record| record.task.created_at.as_ref().and_then(|stamp| stamp.as_seconds()))
                .filter(|seconds| (seconds / 86_400.0).floor() as i64 == day)
                .count();
            DailyUsage {
                date: Some(crate::turns::date_of(day as f64 * 86_400.0)),
                tokens: None,
                tasks: Some(tasks as f64),
                extra: Extra::new(),
            }
        })
        .collect();
    Json(DailyUsageBreakdown { data })
}

/// `GET /wham/usage/credit-usage-events`: none; this server has no credits to spend.
pub async fn credit_events() -> Json<CreditUsageEvents> {
    Json(CreditUsageEvents::default())
}

/// `GET /wham/config/requirements`: a GitHub installation and an environment.
pub async fn requirements(State(state): State<AppState>) -> Json<ConfigRequirements> {
    let store = state.read();
    let requirement = |id: &str, description: &str, satisfied: bool| Requirement {
        id: Some(id.into()),
        description: Some(description.into()),
        satisfied: Some(satisfied),
        extra: Extra::new(),
    };
    Json(ConfigRequirements {
        requirements: vec![
            requirement(
                "github",
                "Connect GitHub: install the Codex app on an account",
                !store.installations.is_empty(),
            ),
            requirement("environment", "Create an environment for a repository", !store.environments.is_empty()),
        ],
        extra: Extra::new(),
    })
}
