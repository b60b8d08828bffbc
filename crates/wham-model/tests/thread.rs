//! Thread events reduced to what the page shows.

#[test]
fn thread_events_reduce_to_items() {
    use wham_api::models::ThreadEvent;
    use wham_model::thread::{ItemKind, ThreadState};
    let event = |method: &str, params: serde_json::Value| ThreadEvent::new(method, params);
    let events = vec![
        event("turn/started", serde_json::json!({})),
        event(
            "item/started",
            serde_json::json!({"item": {"id": "c1", "type": "commandExecution", "command": "npm test", "status": "inProgress"}}),
        ),
        event("item/commandExecution/outputDelta", serde_json::json!({"itemId": "c1", "delta": "ok 1\n"})),
        event("item/commandExecution/outputDelta", serde_json::json!({"itemId": "c1", "delta": "ok 2\n"})),
        event("turn/plan/updated", serde_json::json!({"plan": [{"step": "Test", "status": "in_progress"}]})),
        event("item/started", serde_json::json!({"item": {"id": "m1", "type": "agentMessage", "text": ""}})),
        event("item/agentMessage/delta", serde_json::json!({"itemId": "m1", "delta": "Hel"})),
        event("item/agentMessage/delta", serde_json::json!({"itemId": "m1", "delta": "lo"})),
    ];
    let running = ThreadState::from_events(&events);
    assert_eq!(running.current_command().map(|item| item.text.as_str()), Some("npm test"));
    assert_eq!(running.items[0].output, "ok 1\nok 2\n");
    assert_eq!(running.items[1].text, "Hello");
    assert_eq!(running.plan, vec![("Test".to_string(), "in_progress".to_string())]);
    let mut finished = events.clone();
    finished.push(event("item/completed", serde_json::json!({"item": {"id": "c1", "type": "commandExecution", "command": "npm test", "exitCode": 1, "aggregatedOutput": "ok 1\nok 2\n", "status": "completed"}})));
    finished.push(event("turn/completed", serde_json::json!({"turn": {"status": "failed"}})));
    let state = ThreadState::from_events(&finished);
    assert_eq!(state.items[0].kind, ItemKind::Command);
    assert_eq!(state.items[0].exit_code, Some(1));
    assert!(state.current_command().is_none());
    assert_eq!(state.turn_status.as_deref(), Some("failed"));
}
