//! The newer turn format: app-server notifications (`thread_events`) instead of a worklog.

use crate::tolerant::{null_default, Extra};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `thread_events` of an assistant turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThreadEvents {
    #[serde(deserialize_with = "null_default")]
    pub events: Vec<ThreadEvent>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One notification: `{method, params}` (`item/agentMessage/delta`, `turn/diff/updated`, …).
/// `params` stays raw JSON because its shape depends on `method` and changes often; the
/// accessors below read the fields the app uses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThreadEvent {
    pub method: String,
    pub params: Value,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ThreadEvent {
    pub fn new(method: &str, params: Value) -> Self {
        ThreadEvent { method: method.to_string(), params, extra: Extra::new() }
    }

    /// `params.item` for `item/started` and `item/completed`.
    pub fn item(&self) -> Option<&Value> {
        self.params.get("item")
    }

    /// The id of the item a delta or item event is about.
    pub fn item_id(&self) -> Option<&str> {
        self.params
            .get("itemId")
            .or_else(|| self.params.get("item_id"))
            .or_else(|| self.item().and_then(|item| item.get("id")))
            .and_then(Value::as_str)
    }

    /// The text a delta appends.
    pub fn delta(&self) -> Option<&str> {
        self.params.get("delta").and_then(Value::as_str)
    }
}
