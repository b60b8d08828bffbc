//! The conversation of a task from its `turn_mapping`: rounds of one user turn and its
//! assistant attempts (best-of-N siblings), following the chosen attempt to its follow-ups.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use wham_api::models::{Turn, TurnMappingResponse};

/// A task's turn tree as the page keeps it. Each turn sits behind an `Arc`, so building the
/// conversation and rendering it copy pointers, not turns: a long turn holds thousands of
/// thread events and log lines, and copying them on every change cost the page whole frames.
#[derive(Debug, Clone, Default)]
pub struct TurnTree {
    nodes: BTreeMap<String, TreeNode>,
    pub current_turn_id: Option<String>,
}

#[derive(Debug, Clone)]
struct TreeNode {
    id: String,
    turn: Arc<Turn>,
    parent: Option<String>,
    children: Vec<String>,
}

impl From<TurnMappingResponse> for TurnTree {
    fn from(mapping: TurnMappingResponse) -> Self {
        let nodes = mapping
            .turn_mapping
            .into_iter()
            .map(|(key, node)| {
                let id = if node.id.is_empty() { key.clone() } else { node.id };
                (key, TreeNode { id, turn: Arc::new(node.turn), parent: node.parent, children: node.children })
            })
            .collect();
        TurnTree { nodes, current_turn_id: mapping.current_turn_id }
    }
}

impl TurnTree {
    /// Puts a fresh copy of a turn in place of the one with its id; false when the tree has no
    /// such turn.
    pub fn replace_turn(&mut self, turn: Turn) -> bool {
        let key = if self.nodes.contains_key(&turn.id) {
            Some(turn.id.clone())
        } else {
            self.nodes.iter().find(|(_, node)| node.turn.id == turn.id).map(|(key, _)| key.clone())
        };
        match key.and_then(|key| self.nodes.get_mut(&key)) {
            Some(node) => {
                node.turn = Arc::new(turn);
                true
            }
            None => false,
        }
    }

    pub fn turn(&self, id: &str) -> Option<&Arc<Turn>> {
        self.nodes.get(id).map(|node| &node.turn)
    }

    /// The prompt (user turn) an assistant attempt answers: what the page needs to show an
    /// attempt named in its address. `None` for a user turn or a turn the tree does not hold.
    pub fn prompt_of(&self, attempt_id: &str) -> Option<String> {
        let node = self.nodes.get(attempt_id).or_else(|| self.nodes.values().find(|node| node.id == attempt_id))?;
        if !node.turn.is_assistant() {
            return None;
        }
        node.parent
            .clone()
            .or_else(|| node.turn.previous_turn_id.clone())
            .filter(|parent| self.nodes.contains_key(parent))
    }

    /// The assistant turns still pending or running.
    pub fn active_assistant_turns(&self) -> Vec<String> {
        self.nodes
            .values()
            .filter(|node| node.turn.is_assistant() && node.turn.status().is_active())
            .map(|node| node.turn.id.clone())
            .collect()
    }
}

/// One prompt and its answers.
#[derive(Debug, Clone)]
pub struct Round {
    pub user: Arc<Turn>,
    /// Sorted by `attempt_placement`, then `created_at`, then id.
    pub attempts: Vec<Arc<Turn>>,
    /// Index into `attempts` of the one shown.
    pub selected: usize,
}

/// Rounds are equal when they hold the very same turns: a fresh copy of a turn (from the
/// server) is a change; comparing turns field by field would walk their whole history.
impl PartialEq for Round {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.user, &other.user)
            && self.selected == other.selected
            && self.attempts.len() == other.attempts.len()
            && self.attempts.iter().zip(&other.attempts).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl Round {
    pub fn selected_turn(&self) -> Option<&Arc<Turn>> {
        self.attempts.get(self.selected)
    }
}

fn created(turn: &Turn) -> f64 {
    turn.created_at.as_ref().and_then(|stamp| stamp.as_seconds()).unwrap_or(0.0)
}

/// Sorts sibling attempts the way other clients do.
pub fn sort_attempts(attempts: &mut [Arc<Turn>]) {
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
pub fn conversation(tree: &TurnTree, choices: &HashMap<String, String>) -> Vec<Round> {
    let nodes = &tree.nodes;
    let parent_of = |id: &str| -> Option<String> {
        let node = nodes.get(id)?;
        node.parent.clone().or_else(|| node.turn.previous_turn_id.clone())
    };
    // Ancestors of the current turn (and the current turn itself).
    let mut current_path = HashSet::new();
    let mut cursor = tree.current_turn_id.clone();
    while let Some(id) = cursor {
        if !current_path.insert(id.clone()) {
            break; // a cycle in bad data
        }
        cursor = parent_of(&id);
    }
    let children_of = |id: &str| -> Vec<Arc<Turn>> {
        let mut children: Vec<Arc<Turn>> = nodes
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

    let mut roots: Vec<Arc<Turn>> = nodes
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
        let mut attempts: Vec<Arc<Turn>> =
            children_of(&user.id).into_iter().filter(|turn| turn.is_assistant()).collect();
        sort_attempts(&mut attempts);
        let chosen = choices.get(&user.id).and_then(|id| attempts.iter().position(|turn| &turn.id == id));
        let on_path = attempts.iter().position(|turn| current_path.contains(&turn.id));
        let kept = attempts.iter().position(|turn| turn.discarded != Some(true));
        let selected = chosen.or(on_path).or(kept).unwrap_or(0);
        if let Some(attempt) = attempts.get(selected) {
            let mut follow_ups: Vec<Arc<Turn>> =
                children_of(&attempt.id).into_iter().filter(|turn| !turn.is_assistant()).collect();
            follow_ups.sort_by(|a, b| created(a).total_cmp(&created(b)).then_with(|| a.id.cmp(&b.id)));
            next_user = follow_ups.iter().find(|turn| current_path.contains(&turn.id)).or(follow_ups.last()).cloned();
        }
        rounds.push(Round { user, attempts, selected });
    }
    rounds
}
