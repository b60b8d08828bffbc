//! The conversation of a task from its `turn_mapping`: rounds of one user turn and its
//! assistant attempts (best-of-N siblings), following the chosen attempt to its follow-ups.

use std::collections::{HashMap, HashSet};
use wham_api::models::{Turn, TurnMappingResponse};

/// One prompt and its answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub user: Turn,
    /// Sorted by `attempt_placement`, then `created_at`, then id.
    pub attempts: Vec<Turn>,
    /// Index into `attempts` of the one shown.
    pub selected: usize,
}

impl Round {
    pub fn selected_turn(&self) -> Option<&Turn> {
        self.attempts.get(self.selected)
    }
}

fn created(turn: &Turn) -> f64 {
    turn.created_at.as_ref().and_then(|stamp| stamp.as_seconds()).unwrap_or(0.0)
}

/// Sorts sibling attempts the way other clients do.
pub fn sort_attempts(attempts: &mut [Turn]) {
    attempts.sort_by(|a, b| {
        a.attempt_placement
            .unwrap_or(i64::MAX)
            .cmp(&b.attempt_placement.unwrap_or(i64::MAX))
            .then(created(a).total_cmp(&created(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The rounds of the conversation. `choices` maps a user turn id to the attempt the person
/// picked; without a choice, the attempt on the way to `current_turn_id` is shown, else the
/// first one not discarded.
pub fn conversation(mapping: &TurnMappingResponse, choices: &HashMap<String, String>) -> Vec<Round> {
    let nodes = &mapping.turn_mapping;
    let parent_of = |id: &str| -> Option<String> {
        let node = nodes.get(id)?;
        node.parent.clone().or_else(|| node.turn.previous_turn_id.clone())
    };
    // Ancestors of the current turn (and the current turn itself).
    let mut current_path = HashSet::new();
    let mut cursor = mapping.current_turn_id.clone();
    while let Some(id) = cursor {
        if !current_path.insert(id.clone()) {
            break; // a cycle in bad data
        }
        cursor = parent_of(&id);
    }
    let children_of = |id: &str| -> Vec<Turn> {
        let mut children: Vec<Turn> = nodes
            .get(id)
            .map(|node| {
                node.children.iter().filter_map(|child| nodes.get(child)).map(|child| child.turn.clone()).collect()
            })
            .unwrap_or_default();
        // Children listed only through `previous_turn_id`/`parent`.
        for node in nodes.values() {
            if parent_of(&node.id).as_deref() == Some(id) && !children.iter().any(|child| child.id == node.id) {
                children.push(node.turn.clone());
            }
        }
        children
    };

    let mut roots: Vec<Turn> = nodes
        .values()
        .filter(|node| {
            !node.turn.is_assistant() && parent_of(&node.id).filter(|parent| nodes.contains_key(parent)).is_none()
        })
        .map(|node| node.turn.clone())
        .collect();
    roots.sort_by(|a, b| created(a).total_cmp(&created(b)).then_with(|| a.id.cmp(&b.id)));
    let mut rounds = Vec::new();
    let mut next_user = roots.iter().find(|root| current_path.contains(&root.id)).or(roots.first()).cloned();
    let mut seen = HashSet::new();
    while let Some(user) = next_user.take() {
        if !seen.insert(user.id.clone()) {
            break;
        }
        let mut attempts: Vec<Turn> = children_of(&user.id).into_iter().filter(Turn::is_assistant).collect();
        sort_attempts(&mut attempts);
        let chosen = choices.get(&user.id).and_then(|id| attempts.iter().position(|turn| &turn.id == id));
        let on_path = attempts.iter().position(|turn| current_path.contains(&turn.id));
        let kept = attempts.iter().position(|turn| turn.discarded != Some(true));
        let selected = chosen.or(on_path).or(kept).unwrap_or(0);
        if let Some(attempt) = attempts.get(selected) {
            let mut follow_ups: Vec<Turn> =
                children_of(&attempt.id).into_iter().filter(|turn| !turn.is_assistant()).collect();
            follow_ups.sort_by(|a, b| created(a).total_cmp(&created(b)).then_with(|| a.id.cmp(&b.id)));
            next_user = follow_ups.iter().find(|turn| current_path.contains(&turn.id)).or(follow_ups.last()).cloned();
        }
        rounds.push(Round { user, attempts, selected });
    }
    rounds
}
