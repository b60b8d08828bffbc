//! Turns: user and assistant turns, their input and output items, worklogs, logs, and the turn
//! tree (`turn_mapping`).

use crate::models::environments::Environment;
use crate::models::tasks::{DiffStats, TurnStatus};
use crate::models::thread_events::ThreadEvents;
use crate::tagged_enum;
use crate::tolerant::{null_default, Extra, Timestamp, TurnError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A turn, user or assistant (`type`/`role`). One struct for both, because the service uses the
/// same document shape and the app walks them together in the tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Turn {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub id: String,
    pub role: Option<String>,
    pub created_at: Option<Timestamp>,
    pub previous_turn_id: Option<String>,

    // User turns.
    #[serde(deserialize_with = "null_default")]
    pub input_items: Vec<InputItem>,
    pub user_model_slug: Option<String>,

    // Assistant turns.
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub attempt_placement: Option<i64>,
    #[serde(deserialize_with = "null_default")]
    pub sibling_turn_ids: Vec<String>,
    #[serde(deserialize_with = "null_default")]
    pub output_items: Vec<OutputItem>,
    #[serde(deserialize_with = "null_default")]
    pub child_turns: Vec<Value>,
    pub conversation_id: Option<String>,
    pub error: Option<TurnError>,
    pub latest_event: Option<LatestEvent>,
    pub worklog: Option<Worklog>,
    #[serde(deserialize_with = "history")]
    pub thread_events: Option<ThreadEvents>,
    pub turn_status: Option<TurnStatus>,
    pub pull_request_status: Option<String>,
    pub pull_request_data: Option<Value>,
    pub internal_only_rollouts: Option<Value>,
    pub environment_id: Option<String>,
    pub environment: Option<Environment>,
    pub branch: Option<String>,
    pub base_commit_sha: Option<String>,
    #[serde(deserialize_with = "logs")]
    pub logs: Option<TurnLogs>,
    pub proxy_events: Option<Vec<ProxyEvent>>,
    pub debug_metadata: Option<Value>,
    pub discarded: Option<bool>,
    pub diff_stats: Option<DiffStats>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which of a turn's history fields a decode reads past (see [`decode_without_history`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skipping {
    Nothing,
    Logs,
    History,
}

thread_local! {
    /// Set while [`decode_without_history`] or [`decode_without_logs`] runs.
    static SKIPPING: std::cell::Cell<Skipping> = const { std::cell::Cell::new(Skipping::Nothing) };
}

/// Decodes JSON whose turns are wanted without their history (`thread_events` and `logs`,
/// most of a long turn's size): those are read past, not built, and come out `None`. A task
/// read whole (`GET /wham/tasks/{id}`) holds its current turn twice; for a 50,000-line turn
/// that was 36 MB the task page's header builds and throws away. Serde has no way to hand a
/// choice like this down through derived types, hence the flag, set only for this call.
pub fn decode_without_history<T: serde::de::DeserializeOwned>(json: &str) -> serde_json::Result<T> {
    decode_skipping(json, Skipping::History)
}

/// Decodes JSON whose turns are wanted without their `logs` (read past, `None`), thread
/// events kept: a finished turn's view reduces its events but shows no log lines (the Logs
/// tab reads them itself). For a turn of 10,000 log lines that is half the decoding.
pub fn decode_without_logs<T: serde::de::DeserializeOwned>(json: &str) -> serde_json::Result<T> {
    decode_skipping(json, Skipping::Logs)
}

fn decode_skipping<T: serde::de::DeserializeOwned>(json: &str, skipping: Skipping) -> serde_json::Result<T> {
    /// Puts back the mode that was set before, however the decode ends.
    struct Reset(Skipping);
    impl Drop for Reset {
        fn drop(&mut self) {
            SKIPPING.with(|current| current.set(self.0));
        }
    }
    let _reset = Reset(SKIPPING.with(|current| current.replace(skipping)));
    // The values skipped are replaced by `null` before serde reads the text: serde skips a value
    // by parsing it, half of a long finished turn's decoding (`json_skip`). The flag still skips
    // what the scan leaves (a name written with escapes, a value that is no object or array,
    // a text it cannot follow). No names, no scan.
    let names: &[&str] = match skipping {
        Skipping::Nothing => &[],
        Skipping::Logs => &["logs"],
        Skipping::History => &["logs", "thread_events"],
    };
    serde_json::from_str(&crate::json_skip::null_values_named(json, names))
}

/// `thread_events`: `None`, without building it, inside [`decode_without_history`].
fn history<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    skip_or_read(deserializer, SKIPPING.with(std::cell::Cell::get) == Skipping::History)
}

/// `logs`: `None`, without building it, inside either of the decodes that skip.
fn logs<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    skip_or_read(deserializer, SKIPPING.with(std::cell::Cell::get) != Skipping::Nothing)
}

fn skip_or_read<'de, D, T>(deserializer: D, skip: bool) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    if skip {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        return Ok(None);
    }
    Option::<T>::deserialize(deserializer)
}

impl Turn {
    /// A copy without the turn's history (`thread_events` and `logs`, which grow with every
    /// step of the agent and are most of a long turn's size): what a view of the turn needs when
    /// it has the history reduced elsewhere. The fields are listed one by one so that a new
    /// field is copied too (the compiler asks).
    pub fn without_history(&self) -> Turn {
        let Turn {
            kind,
            id,
            role,
            created_at,
            previous_turn_id,
            input_items,
            user_model_slug,
            attempt_placement,
            sibling_turn_ids,
            output_items,
            child_turns,
            conversation_id,
            error,
            latest_event,
            worklog,
            thread_events: _,
            turn_status,
            pull_request_status,
            pull_request_data,
            internal_only_rollouts,
            environment_id,
            environment,
            branch,
            base_commit_sha,
            logs: _,
            proxy_events,
            debug_metadata,
            discarded,
            diff_stats,
            extra,
        } = self;
        Turn {
            kind: kind.clone(),
            id: id.clone(),
            role: role.clone(),
            created_at: created_at.clone(),
            previous_turn_id: previous_turn_id.clone(),
            input_items: input_items.clone(),
            user_model_slug: user_model_slug.clone(),
            attempt_placement: *attempt_placement,
            sibling_turn_ids: sibling_turn_ids.clone(),
            output_items: output_items.clone(),
            child_turns: child_turns.clone(),
            conversation_id: conversation_id.clone(),
            error: error.clone(),
            latest_event: latest_event.clone(),
            worklog: worklog.clone(),
            thread_events: None,
            turn_status: turn_status.clone(),
            pull_request_status: pull_request_status.clone(),
            pull_request_data: pull_request_data.clone(),
            internal_only_rollouts: internal_only_rollouts.clone(),
            environment_id: environment_id.clone(),
            environment: environment.clone(),
            branch: branch.clone(),
            base_commit_sha: base_commit_sha.clone(),
            logs: None,
            proxy_events: proxy_events.clone(),
            debug_metadata: debug_metadata.clone(),
            discarded: *discarded,
            diff_stats: diff_stats.clone(),
            extra: extra.clone(),
        }
    }

    pub fn is_assistant(&self) -> bool {
        self.role.as_deref() == Some("assistant") || self.kind.as_deref() == Some("assistant")
    }

    pub fn status(&self) -> TurnStatus {
        self.turn_status.clone().unwrap_or_default()
    }

    /// The text the person typed (user turns): every text part of every message item.
    pub fn input_text(&self) -> String {
        let mut text = String::new();
        for item in &self.input_items {
            if let InputItem::Message(message) = item {
                for part in &message.content {
                    if let ContentPart::Text(part) = part {
                        if !text.is_empty() {
                            text.push('\n');
                        }
                        text.push_str(&part.text);
                    }
                }
            }
        }
        text
    }

    /// The unified diff of this turn: a `pr` item's diff, else an `output_diff` item's, else a
    /// `follow_up_diff`'s (NOTES.md: the order other clients use).
    pub fn diff(&self) -> Option<&OutputDiff> {
        let from_pr = self.output_items.iter().find_map(|item| match item {
            OutputItem::Pr(pr) => pr.output_diff.as_ref(),
            _ => None,
        });
        from_pr
            .or_else(|| {
                self.output_items.iter().find_map(|item| match item {
                    OutputItem::OutputDiff(diff) => Some(diff),
                    _ => None,
                })
            })
            .or_else(|| {
                self.output_items.iter().find_map(|item| match item {
                    OutputItem::FollowUpDiff(follow_up) => follow_up.output_diff.as_ref(),
                    _ => None,
                })
            })
    }
}

tagged_enum!(
    /// What a person sent: a message, a patch to apply first, or something newer.
    InputItem, tag = "type" {
        Message(Message) = "message",
        PreApplyPatch(PreApplyPatch) = "pre_apply_patch",
    }
);

tagged_enum!(
    /// What an assistant turn produced.
    OutputItem, tag = "type" {
        Message(Message) = "message",
        PartialRepoSnapshot(PartialRepoSnapshot) = "partial_repo_snapshot",
        Pr(PrOutput) = "pr",
        OutputDiff(OutputDiff) = "output_diff",
        FollowUpDiff(FollowUpDiff) = "follow_up_diff",
    }
);

/// A message: a role and content parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    pub role: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub content: Vec<ContentPart>,
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum!(
    /// One part of a message's content, tagged by `content_type`. A bare string part (seen in some
    /// captures) is kept as `Unknown(Value::String)`; [`ContentPart::plain_text`] reads it.
    ContentPart, tag = "content_type" {
        Text(TextPart) = "text",
        TerminalChunkCitation(TerminalChunkCitation) = "terminal_chunk_citation",
        RepoFileCitation(RepoFileCitation) = "repo_file_citation",
    }
);

impl ContentPart {
    /// The text of a text part or a bare string part.
    pub fn plain_text(&self) -> Option<&str> {
        match self {
            ContentPart::Text(part) => Some(&part.text),
            ContentPart::Unknown(Value::String(text)) => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TextPart {
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TerminalChunkCitation {
    pub terminal_chunk_id: String,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub line_range_start: Option<i64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub line_range_end: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepoFileCitation {
    pub path: String,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub line_range_start: Option<i64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub line_range_end: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PreApplyPatch {
    pub output_diff: Option<OutputDiff>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A unified diff with its counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutputDiff {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub repo_id: Option<String>,
    pub base_commit_sha: Option<String>,
    pub preapply_patch_base_commit_sha: Option<String>,
    pub diff: String,
    pub external_storage_diff: Option<Value>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub files_modified: Option<u64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub lines_added: Option<u64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub lines_removed: Option<u64>,
    pub commit_message: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrOutput {
    pub pr_title: Option<String>,
    pub pr_message: Option<String>,
    pub output_diff: Option<OutputDiff>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpDiff {
    pub output_diff: Option<OutputDiff>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Parts of the repository the agent looked at, for citation previews.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartialRepoSnapshot {
    #[serde(deserialize_with = "null_default")]
    pub files: Vec<SnapshotFile>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapshotFile {
    pub path: String,
    pub contents: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub line_range_contents: Vec<LineRangeContent>,
    pub missing_reason: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineRangeContent {
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub line_range_start: Option<i64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub line_range_end: Option<i64>,
    #[serde(deserialize_with = "null_default")]
    pub content: Vec<String>,
    pub contains_end_of_file: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `latest_event`: a one-line status such as "Working".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LatestEvent {
    pub created: Option<Timestamp>,
    pub text: Option<String>,
    pub event_type: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The legacy work log of an assistant turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Worklog {
    #[serde(deserialize_with = "null_default")]
    pub messages: Vec<WorklogMessage>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorklogMessage {
    pub id: Option<String>,
    pub author: Option<WorklogAuthor>,
    pub create_time: Option<Timestamp>,
    pub update_time: Option<Timestamp>,
    pub content: Option<WorklogContent>,
    pub status: Option<String>,
    pub end_turn: Option<bool>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub weight: Option<f64>,
    pub metadata: Option<WorklogMetadata>,
    pub recipient: Option<String>,
    /// `commentary`, `final`, `analysis` or `null`.
    pub channel: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl WorklogMessage {
    /// The message's text: `content.text`, else its string `parts` joined.
    pub fn text(&self) -> String {
        let Some(content) = &self.content else {
            return String::new();
        };
        if let Some(text) = &content.text {
            return text.clone();
        }
        content.parts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorklogAuthor {
    pub role: Option<String>,
    pub name: Option<String>,
    pub metadata: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorklogContent {
    pub content_type: Option<String>,
    pub text: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub parts: Vec<Value>,
    pub language: Option<String>,
    pub response_format_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorklogMetadata {
    pub exclude_after_next_user_message: Option<bool>,
    pub reasoning_status: Option<String>,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub first_content_token_index: Option<i64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub message_content_token_count: Option<i64>,
    pub is_initial_reasoning_message: Option<bool>,
    pub error: Option<Value>,
    /// Other namespaces, such as `l1239dk1.inline_comments[]`, kept as they came.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `logs` of a turn, and the answer of the logs endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TurnLogs {
    #[serde(deserialize_with = "null_default")]
    pub logs: Vec<LogEntry>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One log entry. Turn logs carry `key {type, name, created_at}` with `line` (or `value`, a
/// pointer to stored output); task logs carry `timestamp`, `level`, `message`, `source`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogEntry {
    pub key: Option<LogKey>,
    pub line: Option<String>,
    pub value: Option<String>,
    pub timestamp: Option<Timestamp>,
    pub level: Option<String>,
    pub message: Option<String>,
    pub source: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl LogEntry {
    /// The text of the entry in whichever field carries it.
    pub fn text(&self) -> &str {
        self.line.as_deref().or(self.message.as_deref()).or(self.value.as_deref()).unwrap_or("")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogKey {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A network decision by the agent's proxy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxyEvent {
    pub timestamp: Option<Timestamp>,
    pub decision: Option<String>,
    pub reason: Option<String>,
    pub method: Option<String>,
    pub domain: Option<String>,
    pub protocol: Option<String>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub size: Option<f64>,
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/tasks/{task_id}/turns`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TurnMappingResponse {
    #[serde(deserialize_with = "null_default")]
    pub turn_mapping: BTreeMap<String, TurnNode>,
    pub current_turn_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A node of the turn tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TurnNode {
    pub id: String,
    pub turn: Turn,
    pub parent: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub children: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET …/turns/{turn_id}` and `GET …/speculative_turns/{turn_id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TurnResponse {
    pub turn: Turn,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET …/turns/{turn_id}/sibling_turns`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiblingTurnsResponse {
    #[serde(deserialize_with = "null_default")]
    pub sibling_turns: Vec<Turn>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST …/copy_git_apply`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GitApplyResponse {
    /// The `git apply` command text, ready for the clipboard.
    pub git_apply: String,
    pub diff: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
