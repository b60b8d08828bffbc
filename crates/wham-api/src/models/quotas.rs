//! Rate limits and usage.

use crate::tolerant::{null_default, Extra, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /wham/tasks/rate_limit`, also embedded in task creation answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimit {
    pub allowed: Option<bool>,
    pub limit_reached: Option<bool>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub limit: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub remaining: Option<f64>,
    /// Seconds until the window resets.
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub resets_after: Option<f64>,
    pub resets_after_text: Option<String>,
    pub user_plan_type: Option<String>,
    /// Optional on the wire (NOTES.md).
    pub windows: Option<Vec<RateLimitWindow>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitWindow {
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub limit: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub remaining: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub resets_after: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub limit_window_mins: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/usage`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Usage {
    pub plan_type: Option<String>,
    pub rate_limit: Option<UsageRateLimit>,
    pub credits: Option<Value>,
    #[serde(deserialize_with = "null_default")]
    pub additional_rate_limits: Vec<Value>,
    pub rate_limit_reached_type: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsageRateLimit {
    pub allowed: Option<bool>,
    pub limit_reached: Option<bool>,
    pub primary_window: Option<UsageWindow>,
    pub secondary_window: Option<UsageWindow>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsageWindow {
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub used_percent: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub limit_window_seconds: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub reset_after_seconds: Option<f64>,
    pub reset_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}
