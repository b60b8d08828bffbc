//! The live turn reducer: each stream item applied once, however the stream arrives.

fn stream_items() -> Vec<wham_api::sse::StreamItem> {
    use serde_json::json;
    let raw = vec![
        json!({"id": "1", "item_type": "task_turn_event", "payload": {"text": "Starting", "turn_status": "in_progress"}}),
        json!({"id": "2", "item_type": "thread_event", "event": {"method": "turn/started", "params": {}}}),
        json!({"id": "3", "item_type": "log", "key": {"type": "setup"}, "line": "npm ci"}),
        json!({"id": "4", "item_type": "task_title_generated", "payload": {"title": "Fix the thing"}}),
        json!({"id": "5", "item_type": "thread_event", "event": {"method": "item/started", "params": {"item": {"id": "c", "type": "commandExecution", "command": "npm test"}}}}),
        json!({"id": "6", "item_type": "thread_event", "event": {"method": "item/commandExecution/outputDelta", "params": {"itemId": "c", "delta": "ok\n"}}}),
        json!({"id": "7", "item_type": "work_log_message", "payload": {"id": "w1", "channel": "commentary", "content": {"text": "Looking"}}}),
        json!({"id": "8", "item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "Done "}}}),
        json!({"id": "9", "item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "now."}}}),
        json!({"id": "10", "item_type": "brand_new_kind", "payload": {}}),
        json!({"id": "11", "item_type": "thread_event", "event": {"method": "turn/completed", "params": {"turn": {"status": "completed"}}}}),
    ];
    raw.into_iter().map(|value| serde_json::from_value(value).unwrap()).collect()
}

#[test]
fn reducer_applies_each_event_once_however_it_arrives() {
    use wham_model::live::reducer::LiveTurn;
    let items = stream_items();
    let start = wham_api::models::Turn {
        id: "t~a".into(),
        turn_status: Some(wham_api::models::TurnStatus::Pending),
        ..Default::default()
    };
    let mut once = LiveTurn::new(start.clone());
    for item in &items {
        once.apply(item);
    }
    assert!(once.finished());
    assert_eq!(once.title.as_deref(), Some("Fix the thing"));
    assert_eq!(once.thread.items.iter().find(|item| item.id == "m").map(|item| item.text.as_str()), Some("Done now."));
    assert_eq!(once.to_turn().logs.unwrap().logs.len(), 1);
    assert!(once.turn.logs.is_none(), "the live turn keeps its history apart");
    assert_eq!(once.last_id, Some(11));
    // Twice: the second pass changes nothing.
    let mut twice = once.clone();
    for item in &items {
        assert!(!twice.apply(item));
    }
    assert_eq!(twice, once);
    // Resumed after any point, or replayed from the start after a cut: the same state.
    for cut in 0..=items.len() {
        let mut resumed = LiveTurn::new(start.clone());
        for item in &items[..cut] {
            resumed.apply(item);
        }
        let mut replayed = resumed.clone();
        for item in &items[cut..] {
            resumed.apply(item);
        }
        for item in &items {
            replayed.apply(item);
        }
        assert_eq!(resumed, once, "resumed after {cut}");
        assert_eq!(replayed, once, "replayed after {cut}");
    }
}

/// The IDE-extension form of the stream has no ids: a reconnection replays it from the start,
/// and the reducer skips what it already applied by position.
#[test]
fn reducer_applies_a_replayed_stream_without_ids_once() {
    use wham_model::live::reducer::LiveTurn;
    let items: Vec<wham_api::sse::StreamItem> = [
        serde_json::json!({"item_type": "thread_event", "event": {"method": "item/started", "params": {"item": {"id": "m", "type": "agentMessage", "text": ""}}}}),
        serde_json::json!({"item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "Hello "}}}),
        serde_json::json!({"item_type": "thread_event", "event": {"method": "item/agentMessage/delta", "params": {"itemId": "m", "delta": "world"}}}),
        serde_json::json!({"item_type": "task_turn_event", "task_turn_event": {"text": "Writing the answer"}}),
    ]
    .into_iter()
    .map(|value| serde_json::from_value(value).unwrap())
    .collect();
    let start = wham_api::models::Turn { id: "t~b".into(), ..Default::default() };
    let mut once = LiveTurn::new(start.clone());
    once.begin_connection();
    items.iter().for_each(|item| {
        once.apply(item);
    });
    for cut in 0..=items.len() {
        let mut replayed = LiveTurn::new(start.clone());
        replayed.begin_connection();
        for item in &items[..cut] {
            replayed.apply(item);
        }
        // The connection drops; the next one starts over.
        replayed.begin_connection();
        for item in &items {
            replayed.apply(item);
        }
        assert_eq!(replayed, once, "cut after {cut}");
        assert_eq!(replayed.thread.items[0].text, "Hello world");
    }
}
