//! The newer turn format: `thread_events` reduced to what the page shows. Items are replaced by
//! `item/started` and `item/completed` and grown by deltas; the plan, the diff and errors are
//! the latest of their kind. Applying the same event twice is harmless for started/completed
//! events; the live view deduplicates deltas by stream id before they get here.

use serde_json::Value;
use wham_api::models::ThreadEvent;

#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    AgentMessage,
    Reasoning,
    Command,
    Other(String),
}

/// One item of the agent's work, as it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadItem {
    pub id: String,
    pub kind: ItemKind,
    /// Message or reasoning text; for a command, the command line.
    pub text: String,
    /// Command output so far.
    pub output: String,
    pub exit_code: Option<i64>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThreadState {
    pub items: Vec<ThreadItem>,
    pub plan: Vec<(String, String)>,
    pub diff: Option<String>,
    pub errors: Vec<String>,
    /// `inProgress`, `completed`, `failed`, `cancelled` from `turn/*` events.
    pub turn_status: Option<String>,
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(parts) => parts.iter().map(text_of).collect::<Vec<_>>().join("\n"),
        Value::Object(object) => object.get("text").map(text_of).unwrap_or_default(),
        _ => String::new(),
    }
}

fn item_from(value: &Value) -> Option<ThreadItem> {
    let id = value.get("id")?.as_str()?.to_string();
    let kind = match value.get("type").and_then(Value::as_str).unwrap_or("") {
        "agentMessage" => ItemKind::AgentMessage,
        "reasoning" => ItemKind::Reasoning,
        "commandExecution" => ItemKind::Command,
        other => ItemKind::Other(other.to_string()),
    };
    let text = match kind {
        ItemKind::Command => value.get("command").map(text_of).unwrap_or_default(),
        ItemKind::Reasoning => value
            .get("summary")
            .map(text_of)
            .filter(|text| !text.is_empty())
            .or_else(|| value.get("text").map(text_of))
            .unwrap_or_default(),
        _ => value.get("text").map(text_of).unwrap_or_default(),
    };
    Some(ThreadItem {
        id,
        kind,
        text,
        output: value.get("aggregatedOutput").and_then(Value::as_str).unwrap_or("").to_string(),
        exit_code: value.get("exitCode").and_then(Value::as_i64),
        status: value.get("status").and_then(Value::as_str).map(str::to_string),
    })
}

impl ThreadState {
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a ThreadEvent>) -> ThreadState {
        let mut state = ThreadState::default();
        for event in events {
            state.apply(event);
        }
        state
    }

    fn item_mut(&mut self, id: &str) -> Option<&mut ThreadItem> {
        self.items.iter_mut().find(|item| item.id == id)
    }

    /// Applies one event.
    pub fn apply(&mut self, event: &ThreadEvent) {
        let params = &event.params;
        match event.method.as_str() {
            "item/started" | "item/completed" => {
                if let Some(mut item) = params.get("item").and_then(item_from) {
                    match self.item_mut(&item.id) {
                        Some(existing) => {
                            // A completed item carries the full text; a started one may not.
                            if item.text.is_empty() {
                                item.text = existing.text.clone();
                            }
                            if item.output.is_empty() {
                                item.output = existing.output.clone();
                            }
                            *existing = item;
                        }
                        None => self.items.push(item),
                    }
                }
            }
            "item/agentMessage/delta"
            | "item/reasoning/summaryTextDelta"
            | "item/reasoning/textDelta"
            | "item/plan/delta" => {
                let (Some(id), Some(delta)) = (event.item_id(), event.delta()) else {
                    return;
                };
                let kind = if event.method.starts_with("item/reasoning") {
                    ItemKind::Reasoning
                } else {
                    ItemKind::AgentMessage
                };
                match self.item_mut(id) {
                    Some(item) => item.text.push_str(delta),
                    None => self.items.push(ThreadItem {
                        id: id.to_string(),
                        kind,
                        text: delta.to_string(),
                        output: String::new(),
                        exit_code: None,
                        status: Some("inProgress".into()),
                    }),
                }
            }
            "item/commandExecution/outputDelta" => {
                let (Some(id), Some(delta)) = (event.item_id(), event.delta()) else {
                    return;
                };
                match self.item_mut(id) {
                    Some(item) => item.output.push_str(delta),
                    None => self.items.push(ThreadItem {
                        id: id.to_string(),
                        kind: ItemKind::Command,
                        text: String::new(),
                        output: delta.to_string(),
                        exit_code: None,
                        status: Some("inProgress".into()),
                    }),
                }
            }
            "turn/plan/updated" => {
                if let Some(plan) = params.get("plan").and_then(Value::as_array) {
                    self.plan = plan
                        .iter()
                        .map(|step| {
                            (
                                step.get("step").map(text_of).unwrap_or_default(),
                                step.get("status").and_then(Value::as_str).unwrap_or("pending").to_string(),
                            )
                        })
                        .collect();
                }
            }
            "turn/diff/updated" => {
                if let Some(diff) = params.get("diff").and_then(Value::as_str) {
                    self.diff = Some(diff.to_string());
                }
            }
            "turn/started" => self.turn_status = Some("inProgress".into()),
            "turn/completed" => {
                self.turn_status =
                    Some(params.pointer("/turn/status").and_then(Value::as_str).unwrap_or("completed").to_string());
            }
            "error" => {
                let message = params
                    .pointer("/error/message")
                    .or_else(|| params.get("message"))
                    .map(text_of)
                    .unwrap_or_else(|| params.to_string());
                self.errors.push(message);
            }
            _ => {}
        }
    }

    /// The command running now (the last command without an exit status), if any.
    pub fn current_command(&self) -> Option<&ThreadItem> {
        self.items.iter().rev().find(|item| {
            item.kind == ItemKind::Command && item.exit_code.is_none() && item.status.as_deref() != Some("completed")
        })
    }
}
