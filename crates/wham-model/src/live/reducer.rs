//! Applies turn-stream items to a turn, exactly once each. Items are identified by their stream
//! id (the outer `id`), so a resumed stream (which repeats nothing) and a replayed one (which
//! starts over, as the real service does) both leave the same state. Items without an id (one
//! form of the real service's) are counted per connection instead, since such a stream can only
//! be replayed from its start.

use crate::thread::ThreadState;
use std::collections::BTreeSet;
use wham_api::models::{LatestEvent, LogEntry, ThreadEvents, Turn, TurnLogs, TurnStatus, WorklogMessage};
use wham_api::sse::{StreamItem, StreamItemKind};
use wham_api::tolerant::Extra;

/// A turn as the stream has built it so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveTurn {
    /// The turn without its history (thread events and logs), so the page can copy it into
    /// the view every frame however long the turn runs; `to_turn` puts the history back.
    pub turn: Turn,
    /// The turn's thread events, as received.
    pub thread_events: ThreadEvents,
    /// The turn's log lines, as received.
    pub logs: TurnLogs,
    /// Whether the turn as read had each part of the history (so `to_turn` gives it back the same).
    had_history: (bool, bool),
    /// A title the agent generated during the stream.
    pub title: Option<String>,
    /// Ids already applied.
    applied: BTreeSet<String>,
    /// The highest numeric id applied, for `Last-Event-ID`.
    pub last_id: Option<u64>,
    /// Items applied (not counting duplicates).
    pub applied_count: usize,
    /// Items without an id applied so far, and those seen on the current connection: a
    /// stream whose items have no ids cannot be resumed, so a new connection replays it from
    /// the start, and its first `unnamed_applied` such items are ones already applied.
    unnamed_applied: usize,
    unnamed_seen: usize,
    /// The thread events reduced as they come, so a long stream costs O(1) per event.
    pub thread: ThreadState,
}

impl LiveTurn {
    pub fn new(mut turn: Turn) -> Self {
        let had_history = (turn.thread_events.is_some(), turn.logs.is_some());
        let thread_events = turn.thread_events.take().unwrap_or_default();
        let logs = turn.logs.take().unwrap_or_default();
        let thread = ThreadState::from_events(&thread_events.events);
        LiveTurn { turn, thread_events, logs, had_history, thread, ..Default::default() }
    }

    /// The whole turn: what a fresh `GET` of it should return once the stream has ended.
    pub fn to_turn(&self) -> Turn {
        let mut turn = self.turn.clone();
        if self.had_history.0 || !self.thread_events.events.is_empty() {
            turn.thread_events = Some(self.thread_events.clone());
        }
        if self.had_history.1 || !self.logs.logs.is_empty() {
            turn.logs = Some(self.logs.clone());
        }
        turn
    }

    /// Whether the stream has said the turn is over.
    pub fn finished(&self) -> bool {
        !self.turn.status().is_active()
    }

    /// Call when a new connection of the stream opens (before its first item).
    pub fn begin_connection(&mut self) {
        self.unnamed_seen = 0;
    }

    /// Applies one item; returns false when it was a duplicate.
    pub fn apply(&mut self, item: &StreamItem) -> bool {
        match &item.id {
            Some(id) => {
                if !self.applied.insert(id.clone()) {
                    return false;
                }
                if let Ok(number) = id.parse::<u64>() {
                    self.last_id = Some(self.last_id.map_or(number, |last| last.max(number)));
                }
            }
            None => {
                self.unnamed_seen += 1;
                if self.unnamed_seen <= self.unnamed_applied {
                    return false;
                }
                self.unnamed_applied += 1;
            }
        }
        self.applied_count += 1;
        match item.kind() {
            StreamItemKind::ThreadEvent(event) => {
                if event.method == "turn/completed" {
                    let status =
                        event.params.pointer("/turn/status").and_then(|status| status.as_str()).unwrap_or("completed");
                    self.turn.turn_status = Some(match status {
                        "failed" => TurnStatus::Failed,
                        "cancelled" | "interrupted" => TurnStatus::Cancelled,
                        _ => TurnStatus::Completed,
                    });
                } else if event.method == "turn/started" && self.turn.status() == TurnStatus::Pending {
                    self.turn.turn_status = Some(TurnStatus::InProgress);
                }
                self.thread.apply(event);
                self.thread_events.events.push(event.clone());
            }
            StreamItemKind::Log { line } => {
                let entry = LogEntry { key: item.key.clone(), line: Some(line.to_string()), ..Default::default() };
                self.logs.logs.push(entry);
            }
            StreamItemKind::TaskTurnEvent(value) => {
                let text = value
                    .get("text")
                    .and_then(|text| text.as_str())
                    .map(str::to_string)
                    .or_else(|| value.as_str().map(str::to_string));
                if let Some(status) = value.get("turn_status").and_then(|status| status.as_str()) {
                    self.turn.turn_status = Some(TurnStatus::parse(status));
                }
                if let Some(text) = text {
                    self.turn.latest_event = Some(LatestEvent {
                        created: item.timestamp.clone(),
                        text: Some(text),
                        event_type: Some("info".into()),
                        extra: Extra::new(),
                    });
                }
            }
            StreamItemKind::WorkLogMessage(value) => {
                if let Ok(message) = serde_json::from_value::<WorklogMessage>(value.clone()) {
                    let messages = &mut self.turn.worklog.get_or_insert_with(Default::default).messages;
                    match messages.iter_mut().find(|existing| existing.id.is_some() && existing.id == message.id) {
                        Some(existing) => *existing = message,
                        None => messages.push(message),
                    }
                }
            }
            StreamItemKind::TitleGenerated(value) => {
                self.title = value.get("title").and_then(|title| title.as_str()).map(str::to_string);
            }
            StreamItemKind::Unknown => {}
        }
        true
    }
}
