//! The server's one in-memory state: tasks with their turn trees and stream histories,
//! environments, settings, GitHub data and the task-creation rate window. Serializable as a
//! whole so `--state FILE` can persist it.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use wham_api::models::*;
use wham_api::sse::StreamItem;

/// Everything the server knows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    pub tasks: BTreeMap<String, TaskRecord>,
    /// In display order (pinned and recent first is decided when listing).
    pub environments: Vec<Environment>,
    pub settings: UserSettings,
    pub code_review: CodeReviewSettings,
    pub installations: Vec<Installation>,
    pub repositories: Vec<Repository>,
    /// Branch names by repository id.
    pub branches: BTreeMap<String, Vec<String>>,
    pub github_handle: Option<String>,
    pub machines: Vec<Machine>,
    /// Unix seconds of recent task creations, for the rate window.
    pub task_creations: Vec<f64>,
    pub rate_limit_per_window: u32,
    pub rate_window_seconds: f64,
    pub feedback: Vec<Value>,
    /// Counter for new ids.
    pub next_id: u64,
}

/// A task and everything under it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaskRecord {
    pub task: Task,
    pub environment_id: String,
    /// Unix seconds of the last change, for ordering and `updated_at`.
    pub updated_at: f64,
    pub turns: BTreeMap<String, TurnNode>,
    /// Stream history by assistant turn id, in order; ids are `1..`.
    pub events: BTreeMap<String, Vec<StreamItem>>,
    /// Task-level logs.
    pub logs: Vec<LogEntry>,
}

impl Store {
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:06x}{:04x}", self.next_id, (self.next_id * 7919) % 0xffff)
    }

    pub fn environment(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|environment| environment.id == id)
    }

    pub fn task(&self, id: &str) -> Option<&TaskRecord> {
        self.tasks.get(id)
    }
}

impl TaskRecord {
    pub fn turn(&self, id: &str) -> Option<&Turn> {
        self.turns.get(id).map(|node| &node.turn)
    }

    /// The assistant turn the task currently shows.
    pub fn current_assistant_turn(&self) -> Option<&Turn> {
        let id = self.task.current_turn_id.as_deref()?;
        self.turn(id).filter(|turn| turn.is_assistant())
    }

    /// The user turn that the current assistant turn answers.
    pub fn current_user_turn(&self) -> Option<&Turn> {
        let assistant = self.current_assistant_turn()?;
        self.turn(assistant.previous_turn_id.as_deref()?)
    }

    /// The latest assistant turn with a diff, for `current_diff_task_turn`.
    pub fn current_diff_turn(&self) -> Option<&Turn> {
        let mut candidate = self.current_assistant_turn();
        while let Some(turn) = candidate {
            if turn.diff().is_some() {
                return Some(turn);
            }
            let user = turn.previous_turn_id.as_deref().and_then(|id| self.turn(id));
            candidate = user.and_then(|user| user.previous_turn_id.as_deref()).and_then(|id| self.turn(id));
        }
        None
    }

    /// The status shown for the task: its current assistant turn's.
    pub fn status(&self) -> TurnStatus {
        self.current_assistant_turn().map(Turn::status).unwrap_or_default()
    }

    /// Refreshes the task's denormalized fields from its turns.
    pub fn refresh_metadata(&mut self) {
        let status = self.status();
        let diff_stats = self.current_diff_turn().and_then(|turn| turn.diff()).map(|diff| DiffStats {
            files_modified: diff.files_modified,
            lines_added: diff.lines_added,
            lines_removed: diff.lines_removed,
            extra: Default::default(),
        });
        let follow_ups = self.turns.values().filter(|node| !node.turn.is_assistant()).count().saturating_sub(1) as u64;
        let user_created = self.current_user_turn().and_then(|turn| turn.created_at.clone());
        let metadata = self.task.denormalized_metadata.get_or_insert_with(Default::default);
        metadata.last_turn_status = Some(status);
        metadata.diff_stats = Some(diff_stats.unwrap_or_default());
        metadata.num_follow_ups = Some(follow_ups);
        metadata.last_user_turn_created_at = user_created;
        self.task.updated_at = Some(self.updated_at.into());
    }

    /// The list row for this task.
    pub fn summary(&self, environment_label: Option<String>) -> TaskSummary {
        let current = self.current_assistant_turn();
        let diff_stats = self.task.denormalized_metadata.as_ref().and_then(|metadata| metadata.diff_stats.clone());
        TaskSummary {
            id: self.task.id.clone(),
            title: self.task.title.clone(),
            has_generated_title: self.task.has_generated_title,
            created_at: self.task.created_at.clone(),
            updated_at: Some(self.updated_at.into()),
            archived: self.task.archived,
            has_unread_turn: self.task.has_unread_turn,
            is_review: self.task.is_review,
            pull_requests: self.task.external_pull_requests.clone(),
            task_status_display: Some(TaskStatusDisplay {
                environment_label,
                branch_name: self
                    .task
                    .denormalized_metadata
                    .as_ref()
                    .and_then(|metadata| metadata.start_branch_name.clone()),
                latest_turn_status_display: Some(LatestTurnStatusDisplay {
                    turn_id: current.map(|turn| turn.id.clone()),
                    turn_status: Some(self.status()),
                    diff_stats: diff_stats.filter(|stats| stats.files_modified.is_some()),
                    sibling_turn_ids: current.map(|turn| turn.sibling_turn_ids.clone()).unwrap_or_default(),
                    ..Default::default()
                }),
                extra: Default::default(),
            }),
            extra: Default::default(),
        }
    }

    /// The bundle of `GET /wham/tasks/{task_id}`.
    pub fn bundle(&self) -> TaskBundle {
        TaskBundle {
            task: self.task.clone(),
            current_user_turn: self.current_user_turn().cloned(),
            current_assistant_turn: self.current_assistant_turn().cloned(),
            current_diff_task_turn: self.current_diff_turn().cloned(),
            extra: Default::default(),
        }
    }

    /// Whether a search query matches this task (title, prompt text, branch).
    pub fn matches(&self, query: &str) -> bool {
        let query = query.to_lowercase();
        if self.task.title.to_lowercase().contains(&query) {
            return true;
        }
        self.turns.values().any(|node| node.turn.input_text().to_lowercase().contains(&query))
    }
}
