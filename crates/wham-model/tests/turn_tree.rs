//! The conversation built from a task's turn tree.

const TURN_MAPPING: &str = include_str!("../../../docs/api/examples/wham-examples_turn-mapping.json");

#[test]
fn turn_tree_from_the_captured_mapping() {
    use std::collections::HashMap;
    use wham_model::turn_tree::{conversation, TurnTree};
    let mapping: wham_api::models::TurnMappingResponse = serde_json::from_str(TURN_MAPPING).unwrap();
    let current_turn_id = mapping.current_turn_id.clone().unwrap();
    let mut tree = TurnTree::from(mapping);
    let rounds = conversation(&tree, &HashMap::new());
    assert_eq!(rounds.len(), 1);
    let round = &rounds[0];
    assert_eq!(round.user.id, "task_e_example~usertrn_e_example");
    let attempt_ids: Vec<&str> = round.attempts.iter().map(|turn| turn.id.as_str()).collect();
    assert_eq!(
        attempt_ids,
        vec!["task_e_example~assttrn_e_example", "task_e_example~assttrn_e_alt"],
        "sorted by attempt_placement"
    );
    // The current turn's attempt is shown until the person picks another.
    assert_eq!(round.selected_turn().unwrap().id, current_turn_id);
    let mut choices = HashMap::new();
    choices.insert(round.user.id.clone(), "task_e_example~assttrn_e_alt".to_string());
    assert_eq!(conversation(&tree, &choices)[0].selected_turn().unwrap().id, "task_e_example~assttrn_e_alt");
    // A fresh copy of a turn (after its stream ends) replaces the old one in the rounds.
    let mut fresh = wham_api::models::Turn::clone(tree.turn("task_e_example~assttrn_e_alt").unwrap());
    fresh.turn_status = Some(wham_api::models::TurnStatus::Failed);
    assert!(tree.replace_turn(fresh));
    let rounds_after = conversation(&tree, &choices);
    assert_eq!(rounds_after[0].selected_turn().unwrap().status(), wham_api::models::TurnStatus::Failed);
    assert_eq!(rounds_after[0].attempts.len(), 2, "the round keeps its attempts");
    assert!(!tree.replace_turn(wham_api::models::Turn { id: "no-such-turn".into(), ..Default::default() }));
}

#[test]
fn turn_tree_follows_follow_ups_and_survives_cycles() {
    use std::collections::HashMap;
    use wham_model::turn_tree::{conversation, TurnTree};
    let mapping: wham_api::models::TurnMappingResponse = serde_json::from_value(serde_json::json!({
        "current_turn_id": "t~a2",
        "turn_mapping": {
            "t~u1": {"id": "t~u1", "turn": {"id": "t~u1", "role": "user", "input_items": [{"type": "message", "content": [{"content_type": "text", "text": "first"}]}]}, "parent": null, "children": ["t~a1"]},
            "t~a1": {"id": "t~a1", "turn": {"id": "t~a1", "role": "assistant", "turn_status": "completed"}, "parent": "t~u1", "children": ["t~u2"]},
            "t~u2": {"id": "t~u2", "turn": {"id": "t~u2", "role": "user", "input_items": [{"type": "message", "content": [{"content_type": "text", "text": "second"}]}]}, "parent": "t~a1", "children": ["t~a2"]},
            "t~a2": {"id": "t~a2", "turn": {"id": "t~a2", "role": "assistant", "turn_status": "in_progress"}, "parent": "t~u2", "children": ["t~u1"]}
        }
    }))
    .unwrap();
    let tree = TurnTree::from(mapping);
    let rounds = conversation(&tree, &HashMap::new());
    // An attempt named in the page's address finds the prompt it answers; a prompt or an
    // unknown id finds none.
    assert_eq!(tree.prompt_of("t~a2").as_deref(), Some("t~u2"));
    assert_eq!(tree.prompt_of("t~a1").as_deref(), Some("t~u1"));
    assert_eq!(tree.prompt_of("t~u2"), None);
    assert_eq!(tree.prompt_of("t~nothing"), None);
    let prompts: Vec<String> = rounds.iter().map(|round| round.user.input_text()).collect();
    assert_eq!(prompts, vec!["first", "second"]);
}
