//! Property tests: the SSE parser gives the same events however the bytes are chunked and
//! whichever line ends are used, and no decoder panics on any input (the fuzz targets of this
//! crate, run as proptests in CI).

use proptest::prelude::*;
use serde_json::Value;
use wham_api::models::*;
use wham_api::sse::{SseEvent, SseParser, StreamItem};
use wham_api::ApiErrorBody;

#[derive(Debug, Clone)]
struct WireEvent {
    event: Option<String>,
    id: Option<String>,
    data_lines: Vec<String>,
    comment: Option<String>,
}

fn field_text() -> impl Strategy<Value = String> {
    // No line breaks inside a field; any other character, including ':' and non-ASCII.
    "[^\r\n]{0,24}"
}

fn wire_event() -> impl Strategy<Value = WireEvent> {
    (
        proptest::option::of("[a-z_]{1,12}"),
        proptest::option::of("[0-9a-z]{1,8}"),
        proptest::collection::vec(field_text(), 1..4),
        proptest::option::of(field_text()),
    )
        .prop_map(|(event, id, data_lines, comment)| WireEvent { event, id, data_lines, comment })
}

fn encode(events: &[WireEvent], line_end: &str) -> Vec<u8> {
    let mut out = String::new();
    for event in events {
        if let Some(comment) = &event.comment {
            out.push_str(&format!(":{comment}{line_end}"));
        }
        if let Some(name) = &event.event {
            out.push_str(&format!("event: {name}{line_end}"));
        }
        if let Some(id) = &event.id {
            out.push_str(&format!("id: {id}{line_end}"));
        }
        for line in &event.data_lines {
            out.push_str(&format!("data: {line}{line_end}"));
        }
        out.push_str(line_end);
    }
    out.into_bytes()
}

fn parse_in_chunks(bytes: &[u8], cuts: &[usize]) -> Vec<SseEvent> {
    let mut parser = SseParser::new();
    let mut events = Vec::new();
    let mut start = 0;
    let mut points: Vec<usize> = cuts.iter().map(|cut| cut % (bytes.len() + 1)).collect();
    points.sort_unstable();
    for point in points {
        events.extend(parser.push(&bytes[start..point.max(start)]));
        start = point.max(start);
    }
    events.extend(parser.push(&bytes[start..]));
    events
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sse_chunking_never_changes_the_events(
        events in proptest::collection::vec(wire_event(), 1..8),
        line_end in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
    ) {
        let bytes = encode(&events, line_end);
        let whole = SseParser::new().push(&bytes);
        let chunked = parse_in_chunks(&bytes, &cuts);
        prop_assert_eq!(&whole, &chunked);
        prop_assert_eq!(whole.len(), events.len());
        let mut last_id = None;
        for (parsed, sent) in whole.iter().zip(&events) {
            prop_assert_eq!(&parsed.data, &sent.data_lines.join("\n"));
            prop_assert_eq!(parsed.event.as_str(), sent.event.as_deref().unwrap_or("message"));
            if sent.id.is_some() {
                last_id = sent.id.clone();
            }
            prop_assert_eq!(&parsed.id, &last_id);
        }
    }

    #[test]
    fn sse_parser_never_panics(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..16)) {
        let mut parser = SseParser::new();
        for chunk in &chunks {
            for event in parser.push(chunk) {
                let _ = StreamItem::parse(&event.data);
            }
        }
        parser.finish();
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_text(text in ".{0,200}") {
        let _ = StreamItem::parse(&text);
        let _ = ApiErrorBody::parse(&text);
        let _ = serde_json::from_str::<TaskListResponse>(&text);
        let _ = serde_json::from_str::<TurnMappingResponse>(&text);
        let _ = serde_json::from_str::<TaskBundle>(&text);
        let _ = serde_json::from_str::<EnvironmentList>(&text);
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_json(value in arbitrary_json()) {
        let text = value.to_string();
        let _ = StreamItem::parse(&text);
        let _ = ApiErrorBody::from_value(&value);
        let _ = serde_json::from_value::<TaskListResponse>(value.clone());
        let _ = serde_json::from_value::<TurnMappingResponse>(value.clone());
        let _ = serde_json::from_value::<TaskBundle>(value.clone());
        let _ = serde_json::from_value::<Turn>(value.clone());
        let _ = serde_json::from_value::<EnvironmentList>(value.clone());
        let _ = serde_json::from_value::<EnvironmentDetail>(value.clone());
        let _ = serde_json::from_value::<RateLimit>(value.clone());
        if let Ok(turn) = serde_json::from_value::<Turn>(value.clone()) {
            let _ = (turn.input_text(), turn.diff(), turn.status().label());
        }
    }

    #[test]
    fn turns_with_arbitrary_field_values_decode_or_fail_cleanly(
        field in prop_oneof![Just("output_items"), Just("worklog"), Just("turn_status"), Just("error"), Just("input_items"), Just("logs"), Just("thread_events"), Just("sibling_turn_ids")],
        value in arbitrary_json(),
    ) {
        let document = serde_json::json!({"id": "t~1", "role": "assistant", field: value});
        let _ = serde_json::from_value::<Turn>(document);
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |n| n.is_finite()).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Strings as the service and a hostile agent send them: known words, non-ASCII
        // everywhere (accents, CJK, emoji, bidi and zero-width characters), numbers as text.
        prop_oneof![
            Just("message".to_string()),
            Just("text".to_string()),
            Just("pending".to_string()),
            Just("NaN".to_string()),
            Just("inf".to_string()),
            Just("1e13".to_string()),
            "[a-z_]{0,10}",
            "[a-zé日本\u{202e}\u{200b}🦀 ]{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("type".to_string()),
                    Just("content_type".to_string()),
                    Just("items".to_string()),
                    Just("turn_mapping".to_string()),
                    Just("id".to_string()),
                    Just("content".to_string()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn diff_parser_never_panics(text in "(@@ -[0-9]{1,3},[0-9]{1,2} \\+[0-9]{1,3},[0-9]{1,2} @@\n|diff --git a/x b/x\n|--- a/x\n|\\+\\+\\+ b/x\n|[-+ ][^\n]{0,12}\n|\\\\ No newline\n|[^\n]{0,8}\n){0,40}") {
        if let Some(files) = wham_api::diff::parse(&text) {
            for file in files {
                let counted = file.rows.iter().filter(|row| matches!(row, wham_api::diff::DiffRow::Line { kind: wham_api::diff::LineKind::Added, .. })).count();
                prop_assert_eq!(counted, file.added);
            }
        }
    }

    #[test]
    fn diff_parser_never_panics_on_any_text(text in ".{0,400}") {
        let _ = wham_api::diff::parse(&text);
    }

    #[test]
    fn hunk_numbers_up_to_the_integer_limit_never_overflow(
        old_start in prop_oneof![0usize..10, (usize::MAX - 10)..=usize::MAX, any::<usize>()],
        new_start in prop_oneof![0usize..10, (usize::MAX - 10)..=usize::MAX, any::<usize>()],
        lines in proptest::collection::vec("[-+ ][a-zé日\u{202e}\r]{0,8}", 1..12),
    ) {
        let text = format!("@@ -{old_start},{} +{new_start},{} @@\n{}\n", lines.len(), lines.len(), lines.join("\n"));
        let files = wham_api::diff::parse(&text).expect("a hunk is a diff");
        for row in &files[0].rows {
            if let wham_api::diff::DiffRow::Line { old, new, .. } = row {
                prop_assert!(old.is_none_or(|number| number >= old_start.min(1)));
                prop_assert!(new.is_none_or(|number| number >= new_start.min(1)));
            }
        }
    }
}
