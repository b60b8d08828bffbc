//! `text/event-stream` framing and the typed items of the turn stream.
//!
//! [`SseParser`] is fed bytes as they arrive, in chunks split anywhere (even inside a UTF-8
//! character or between CR and LF), and yields complete [`SseEvent`]s, following the WHATWG
//! "event stream interpretation" rules: LF, CRLF or CR line ends, `:` comments, multi-line
//! `data`, `event`, `id` (ignored when it holds NUL) and `retry`.
//!
//! Written by hand rather than with `eventsource-stream` because it is fed synchronously from
//! three places with no common async stream type (a browser `ReadableStream` reader, the
//! server's tests, and the fuzz/property tests), and needs no runtime or `bytes` dependency in
//! the browser bundle.

use crate::models::thread_events::ThreadEvent;
use crate::models::turns::LogKey;
use crate::tolerant::{Extra, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// `event:` field; `message` when absent.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last event id in force when this event was dispatched.
    pub id: Option<String>,
    /// A `retry:` value received with this event, in milliseconds.
    pub retry: Option<u64>,
}

/// The largest event the parser holds (its data, or one line of it): 16 MiB, far above any
/// real turn event, far below what would exhaust a browser tab.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// What went wrong in a stream. The parser goes on after it: the offending event is dropped
/// and parsing resumes at the next event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// An event (or one line) was longer than the limit.
    EventTooLarge { limit: usize },
}

impl std::fmt::Display for SseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SseError::EventTooLarge { limit } => {
                write!(f, "the stream sent an event larger than {} MiB; it was skipped", limit / (1024 * 1024))
            }
        }
    }
}

impl std::error::Error for SseError {}

/// Incremental event-stream parser. Linear in its input: each byte is scanned once, however
/// the stream is chunked.
#[derive(Debug)]
pub struct SseParser {
    pending: Vec<u8>,
    /// How much of `pending` has been scanned and holds no line end.
    scanned: usize,
    limit: usize,
    /// Dropping an oversized event until its end (a blank line).
    discarding: bool,
    error: Option<SseError>,
    /// The previous chunk ended with CR: a leading LF of the next chunk belongs to it.
    skip_leading_lf: bool,
    seen_first_line: bool,
    event_type: String,
    data: String,
    has_data: bool,
    last_event_id: Option<String>,
    retry: Option<u64>,
}

impl Default for SseParser {
    fn default() -> Self {
        Self::with_limit(MAX_EVENT_BYTES)
    }
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser that refuses events larger than `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        SseParser {
            pending: Vec::new(),
            scanned: 0,
            limit,
            discarding: false,
            error: None,
            skip_leading_lf: false,
            seen_first_line: false,
            event_type: String::new(),
            data: String::new(),
            has_data: false,
            last_event_id: None,
            retry: None,
        }
    }

    /// The last problem met since asked, if any (an event over the limit was skipped).
    pub fn take_error(&mut self) -> Option<SseError> {
        self.error.take()
    }

    fn overflow(&mut self) {
        self.error = Some(SseError::EventTooLarge { limit: self.limit });
        self.discarding = true;
        self.data.clear();
        self.has_data = false;
        self.event_type.clear();
    }

    /// The id of the last event seen, for `Last-Event-ID` on reconnect.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// Feeds a chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        let mut chunk = chunk;
        // Only the first byte after a chunk-ending CR can be its LF. (Found by the fuzzer: a
        // chunk that was exactly that LF left the flag set, and ate the next blank line.)
        if self.skip_leading_lf && !chunk.is_empty() {
            self.skip_leading_lf = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        self.pending.extend_from_slice(chunk);
        let mut start = 0;
        // Bytes scanned on an earlier call hold no line end: start after them.
        let mut index = self.scanned;
        while index < self.pending.len() {
            match self.pending[index] {
                b'\n' => {
                    let line = self.pending[start..index].to_vec();
                    self.process_line(&line, &mut events);
                    index += 1;
                    start = index;
                }
                b'\r' => {
                    let line = self.pending[start..index].to_vec();
                    self.process_line(&line, &mut events);
                    index += 1;
                    if index < self.pending.len() {
                        if self.pending[index] == b'\n' {
                            index += 1;
                        }
                    } else {
                        self.skip_leading_lf = true;
                    }
                    start = index;
                }
                _ => index += 1,
            }
        }
        self.pending.drain(..start);
        self.scanned = self.pending.len();
        if self.pending.len() > self.limit {
            // One line past the limit: drop what there is of it and the rest of its event.
            self.overflow();
            self.pending.clear();
            self.scanned = 0;
        }
        events
    }

    /// Ends the stream. Per the spec, an event not terminated by a blank line is discarded.
    pub fn finish(&mut self) {
        self.pending.clear();
        self.scanned = 0;
        self.discarding = false;
        self.data.clear();
        self.has_data = false;
        self.event_type.clear();
    }

    fn process_line(&mut self, raw: &[u8], events: &mut Vec<SseEvent>) {
        let mut line = String::from_utf8_lossy(raw).into_owned();
        if !self.seen_first_line {
            self.seen_first_line = true;
            if let Some(stripped) = line.strip_prefix('\u{feff}') {
                line = stripped.to_string();
            }
        }
        if line.is_empty() {
            if self.discarding {
                self.discarding = false;
                self.overflow_done();
                return;
            }
            self.dispatch(events);
            return;
        }
        if self.discarding {
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.find(':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(' ').unwrap_or(value))
            }
            None => (line.as_str(), ""),
        };
        match field {
            "event" => self.event_type = value.to_string(),
            "data" => {
                if self.data.len() + value.len() + 1 > self.limit {
                    self.overflow();
                    return;
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_event_id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
    }

    /// The end of a dropped event: the next one starts clean.
    fn overflow_done(&mut self) {
        self.data.clear();
        self.has_data = false;
        self.event_type.clear();
        self.retry = None;
    }

    fn dispatch(&mut self, events: &mut Vec<SseEvent>) {
        let retry = self.retry.take();
        if !self.has_data {
            self.event_type.clear();
            return;
        }
        let event =
            if self.event_type.is_empty() { "message".to_string() } else { std::mem::take(&mut self.event_type) };
        events.push(SseEvent { event, data: std::mem::take(&mut self.data), id: self.last_event_id.clone(), retry });
        self.has_data = false;
    }
}

/// Encodes one event in the wire format (used by `wham-server`). Multi-line data becomes
/// several `data:` lines.
pub fn encode_event(id: Option<&str>, event: Option<&str>, data: &str) -> String {
    let mut out = String::with_capacity(data.len() + 32);
    if let Some(event) = event {
        out.push_str("event: ");
        out.push_str(event);
        out.push('\n');
    }
    if let Some(id) = id {
        out.push_str("id: ");
        out.push_str(id);
        out.push('\n');
    }
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The `data` of a turn-stream event, in any of its three forms (NOTES.md). One struct holds
/// every field any form uses, so nothing is lost; [`StreamItem::kind`] tells them apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamItem {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "id_text")]
    pub id: Option<String>,
    pub item_type: String,
    /// Form 3 (`{id, item_type, timestamp, payload}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    /// Form 1 `thread_event`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<ThreadEvent>,
    /// Form 1 `log`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<LogKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// Form 2 `task_turn_event`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_turn_event: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn id_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => None,
        Value::String(text) => Some(text),
        other => Some(other.to_string()),
    })
}

/// What a stream item says, read from whichever form it came in.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamItemKind<'a> {
    /// An app-server notification (`item/agentMessage/delta`, `turn/completed`, …).
    ThreadEvent(&'a ThreadEvent),
    /// A log line.
    Log { line: &'a str },
    /// A status line or status object (`task_turn_event`).
    TaskTurnEvent(&'a Value),
    /// A worklog message (`work_log_message`).
    WorkLogMessage(&'a Value),
    /// The generated task title.
    TitleGenerated(&'a Value),
    /// A kind this client does not know; kept whole.
    Unknown,
}

impl StreamItem {
    /// Decodes the `data` of an event. Malformed JSON is an error, never a panic.
    pub fn parse(data: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(data)
    }

    pub fn kind(&self) -> StreamItemKind<'_> {
        match self.item_type.as_str() {
            "thread_event" => match &self.event {
                Some(event) => StreamItemKind::ThreadEvent(event),
                None => StreamItemKind::Unknown,
            },
            "log" => StreamItemKind::Log {
                line: self
                    .line
                    .as_deref()
                    .or_else(|| self.payload.as_ref().and_then(|payload| payload.get("line")).and_then(Value::as_str))
                    .or_else(|| self.payload.as_ref().and_then(Value::as_str))
                    .unwrap_or(""),
            },
            "task_turn_event" => match self.task_turn_event.as_ref().or(self.payload.as_ref()) {
                Some(value) => StreamItemKind::TaskTurnEvent(value),
                None => StreamItemKind::Unknown,
            },
            "work_log_message" => match &self.payload {
                Some(value) => StreamItemKind::WorkLogMessage(value),
                None => StreamItemKind::Unknown,
            },
            "task_title_generated" => match &self.payload {
                Some(value) => StreamItemKind::TitleGenerated(value),
                None => StreamItemKind::Unknown,
            },
            _ => StreamItemKind::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(input: &[u8]) -> Vec<SseEvent> {
        SseParser::new().push(input)
    }

    #[test]
    fn spec_examples() {
        let events = parse_all(b"data: YHOO\ndata: +2\ndata: 10\n\n");
        assert_eq!(events[0].data, "YHOO\n+2\n10");
        let events = parse_all(b": comment\n\ndata: first\nid: 1\n\ndata:second\n\nid\ndata\n\n");
        assert_eq!(events.len(), 3);
        assert_eq!((events[0].data.as_str(), events[0].id.as_deref()), ("first", Some("1")));
        assert_eq!(events[1].data, "second");
        assert_eq!((events[2].data.as_str(), events[2].id.as_deref()), ("", Some("")));
    }

    #[test]
    fn line_ends_event_names_and_retry() {
        let events = parse_all(b"\xEF\xBB\xBFevent: log\r\nretry: 1500\r\ndata: a\r\rdata: b\n\n");
        assert_eq!(events.len(), 2);
        assert_eq!((events[0].event.as_str(), events[0].retry), ("log", Some(1500)));
        assert_eq!(events[1].event, "message");
    }

    #[test]
    fn cr_lf_split_across_chunks() {
        let mut parser = SseParser::new();
        assert!(parser.push(b"data: x\r").is_empty());
        let events = parser.push(b"\n\r\n");
        assert_eq!(events.len(), 1, "{events:?}");
    }

    #[test]
    fn unterminated_event_is_discarded() {
        let mut parser = SseParser::new();
        assert!(parser.push(b"data: partial").is_empty());
        parser.finish();
        assert!(parser.push(b"\n\n").is_empty());
    }

    #[test]
    fn encode_then_parse() {
        let wire = encode_event(Some("7"), Some("message"), "line one\nline two");
        let events = parse_all(wire.as_bytes());
        assert_eq!(events[0].data, "line one\nline two");
        assert_eq!(events[0].id.as_deref(), Some("7"));
    }

    #[test]
    fn stream_items_in_all_forms() {
        let delta = StreamItem::parse(
            r#"{"id":"5","item_type":"thread_event","event":{"method":"item/agentMessage/delta","params":{"itemId":"m1","delta":"Hi"}}}"#,
        )
        .unwrap();
        match delta.kind() {
            StreamItemKind::ThreadEvent(event) => {
                assert_eq!((event.item_id(), event.delta()), (Some("m1"), Some("Hi")))
            }
            other => panic!("{other:?}"),
        }
        let log = StreamItem::parse(r#"{"id":6,"item_type":"log","key":{"type":"setup"},"line":"npm ci"}"#).unwrap();
        assert_eq!(log.id.as_deref(), Some("6"));
        assert_eq!(log.kind(), StreamItemKind::Log { line: "npm ci" });
        let status =
            StreamItem::parse(r#"{"item_type":"task_turn_event","task_turn_event":{"text":"Working"}}"#).unwrap();
        assert!(matches!(status.kind(), StreamItemKind::TaskTurnEvent(_)));
        let title = StreamItem::parse(
            r#"{"id":"9","item_type":"task_title_generated","timestamp":1.5,"payload":{"title":"T"}}"#,
        )
        .unwrap();
        assert!(matches!(title.kind(), StreamItemKind::TitleGenerated(_)));
        let novel = StreamItem::parse(r#"{"id":"10","item_type":"brand_new","stuff":1}"#).unwrap();
        assert_eq!(novel.kind(), StreamItemKind::Unknown);
        assert_eq!(novel.extra.get("stuff"), Some(&serde_json::json!(1)));
        assert!(StreamItem::parse("{not json").is_err());
    }

    #[test]
    fn an_event_past_the_limit_is_skipped_with_an_error_and_the_stream_goes_on() {
        let mut parser = SseParser::with_limit(100);
        let big = "x".repeat(150);
        let mut events = parser.push(format!("data: {big}\n\ndata: ok\n\n").as_bytes());
        assert_eq!(events.len(), 1);
        assert_eq!(events.remove(0).data, "ok");
        assert_eq!(parser.take_error(), Some(SseError::EventTooLarge { limit: 100 }));
        assert_eq!(parser.take_error(), None);
        // Many data lines that add up past the limit, then a line with no end in sight.
        let lines = "data: 0123456789\n".repeat(20);
        assert!(parser.push(format!("{lines}\ndata: next\n\n").as_bytes()).iter().all(|event| event.data == "next"));
        assert!(parser.take_error().is_some());
        for _ in 0..30 {
            assert!(parser.push(b"data: 0123456789").is_empty());
        }
        assert!(parser.take_error().is_some());
        let after = parser.push(b"\n\ndata: after\n\n");
        assert_eq!(after.iter().map(|event| event.data.as_str()).collect::<Vec<_>>(), vec!["after"]);
    }

    #[test]
    fn a_long_line_in_tiny_chunks_is_scanned_once() {
        // Rescanning the held bytes on every chunk would take minutes here; each byte is
        // looked at once, so it takes a moment.
        let mut parser = SseParser::new();
        let line = format!("data: {}\n\n", "y".repeat(300_000));
        let mut events = Vec::new();
        for byte in line.as_bytes().chunks(1) {
            events.extend(parser.push(byte));
        }
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].data.len(), 300_000);
    }

    #[test]
    fn a_crlf_split_after_the_cr_then_a_blank_line_dispatches() {
        let mut parser = SseParser::new();
        let mut events = Vec::new();
        for chunk in [&b"data: x\r"[..], b"\n", b"\n"] {
            events.extend(parser.push(chunk));
        }
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].data, "x");
    }
}
