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

/// `GET /wham/usage/daily-token-usage-breakdown` (beyond the endpoint table; shape partly
/// unknown): the days, oldest first, from `{data: […]}`, `{days: […]}` or a bare array.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DailyUsageBreakdown {
    pub data: Vec<DailyUsage>,
}

impl<'de> Deserialize<'de> for DailyUsageBreakdown {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Bare(Vec<DailyUsage>),
            Wrapped {
                #[serde(default, alias = "days", alias = "items", deserialize_with = "null_default")]
                data: Vec<DailyUsage>,
            },
        }
        Ok(match Option::<Either>::deserialize(deserializer)? {
            None => DailyUsageBreakdown::default(),
            Some(Either::Bare(data)) | Some(Either::Wrapped { data }) => DailyUsageBreakdown { data },
        })
    }
}

/// One day's use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DailyUsage {
    /// `yyyy-mm-dd`.
    #[serde(alias = "day")]
    pub date: Option<String>,
    #[serde(alias = "total_tokens", deserialize_with = "crate::tolerant::lenient_f64")]
    pub tokens: Option<f64>,
    #[serde(alias = "task_count", deserialize_with = "crate::tolerant::lenient_f64")]
    pub tasks: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/usage/credit-usage-events` (beyond the endpoint table): credit spending, newest
/// first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditUsageEvents {
    #[serde(alias = "data", alias = "items", deserialize_with = "null_default")]
    pub events: Vec<CreditUsageEvent>,
    pub cursor: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditUsageEvent {
    pub id: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub amount: Option<f64>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/config/requirements` (beyond the endpoint table): what the account needs before
/// cloud tasks run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigRequirements {
    #[serde(deserialize_with = "null_default")]
    pub requirements: Vec<Requirement>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Requirement {
    pub id: Option<String>,
    pub description: Option<String>,
    pub satisfied: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}
