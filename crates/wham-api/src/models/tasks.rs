//! Tasks: list summaries, the feed, the task bundle and pull requests.

use crate::models::turns::Turn;
use crate::open_enum;
use crate::tolerant::{null_default, Extra, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

open_enum!(
    /// The status of an assistant turn (and so of a task).
    TurnStatus {
        Pending = "pending",
        InProgress = "in_progress",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
    }
);

#[allow(clippy::derivable_impls)] // open_enum! defines the enum, so #[derive(Default)] cannot be used.
impl Default for TurnStatus {
    fn default() -> Self {
        TurnStatus::Pending
    }
}

impl TurnStatus {
    /// Still running: the turn may yet change.
    pub fn is_active(&self) -> bool {
        matches!(self, TurnStatus::Pending | TurnStatus::InProgress)
    }

    /// A label for people.
    pub fn label(&self) -> String {
        match self {
            TurnStatus::Pending => "Pending".into(),
            TurnStatus::InProgress => "Running".into(),
            TurnStatus::Completed => "Ready".into(),
            TurnStatus::Failed => "Failed".into(),
            TurnStatus::Cancelled => "Cancelled".into(),
            TurnStatus::Unknown(text) => text.replace('_', " "),
        }
    }
}

open_enum!(
    /// `task_filter` of the task list.
    TaskFilter { Current = "current", All = "all", Archived = "archived" }
);

#[allow(clippy::derivable_impls)] // open_enum! defines the enum.
impl Default for TaskFilter {
    fn default() -> Self {
        TaskFilter::Current
    }
}

/// Lines changed by a turn's diff. Each count may be `null` while unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiffStats {
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub files_modified: Option<u64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub lines_added: Option<u64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub lines_removed: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/tasks/list` and `GET /wham/tasks/search`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskListResponse {
    #[serde(deserialize_with = "null_default")]
    pub items: Vec<TaskSummary>,
    /// Opaque; `None` (or `null`) when there is no further page.
    pub cursor: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One row of the task list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskSummary {
    pub id: String,
    pub title: String,
    pub has_generated_title: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub archived: bool,
    pub has_unread_turn: bool,
    /// A task code review started on a pull request (its answer is the review).
    #[serde(deserialize_with = "null_default")]
    pub is_review: bool,
    #[serde(deserialize_with = "null_default")]
    pub pull_requests: Vec<ExternalPullRequest>,
    pub task_status_display: Option<TaskStatusDisplay>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl TaskSummary {
    /// The latest turn's status, if the summary carries one.
    pub fn status(&self) -> Option<&TurnStatus> {
        self.task_status_display.as_ref()?.latest_turn_status_display.as_ref()?.turn_status.as_ref()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskStatusDisplay {
    pub environment_label: Option<String>,
    pub branch_name: Option<String>,
    pub latest_turn_status_display: Option<LatestTurnStatusDisplay>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LatestTurnStatusDisplay {
    pub turn_id: Option<String>,
    pub turn_status: Option<TurnStatus>,
    pub diff_stats: Option<DiffStats>,
    pub issue_counts: Option<serde_json::Value>,
    pub image_asset_pointer_citations: Option<serde_json::Value>,
    #[serde(deserialize_with = "null_default")]
    pub sibling_turn_ids: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A pull request opened from a turn: `pull_requests[]` on list rows,
/// `external_pull_requests[]` on the task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExternalPullRequest {
    pub id: String,
    pub assistant_turn_id: Option<String>,
    pub pull_request: PullRequest,
    pub codex_updated_sha: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PullRequest {
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub number: Option<u64>,
    pub url: Option<String>,
    pub state: Option<String>,
    pub merged: Option<bool>,
    pub mergeable: Option<bool>,
    pub draft: Option<bool>,
    pub title: Option<String>,
    pub body: Option<String>,
    pub base: Option<String>,
    pub head: Option<String>,
    pub base_sha: Option<String>,
    pub head_sha: Option<String>,
    pub merge_commit_sha: Option<String>,
    pub comments: Option<serde_json::Value>,
    pub diff: Option<serde_json::Value>,
    pub user: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The task itself, as in the bundle, the feed and task creation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub has_generated_title: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub current_turn_id: Option<String>,
    pub has_unread_turn: bool,
    pub archived: bool,
    /// A task code review started on a pull request: its answer is the review, and a new task
    /// can fix what it found (`review_fix`).
    #[serde(deserialize_with = "null_default")]
    pub is_review: bool,
    pub denormalized_metadata: Option<DenormalizedMetadata>,
    #[serde(deserialize_with = "null_default")]
    pub external_pull_requests: Vec<ExternalPullRequest>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DenormalizedMetadata {
    pub diff_stats: Option<DiffStats>,
    pub last_pushed_turn_id: Option<String>,
    pub last_turn_status: Option<TurnStatus>,
    pub last_user_turn_created_at: Option<Timestamp>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub num_follow_ups: Option<u64>,
    pub pushed_branch_name: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub repo_name_map: BTreeMap<String, serde_json::Value>,
    pub start_branch_name: Option<String>,
    pub environment_id: Option<String>,
    pub environment_label: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/tasks/{task_id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskBundle {
    pub task: Task,
    pub current_user_turn: Option<Turn>,
    pub current_assistant_turn: Option<Turn>,
    pub current_diff_task_turn: Option<Turn>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/tasks`: the lightweight feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFeedResponse {
    #[serde(deserialize_with = "null_default")]
    pub items: Vec<TaskFeedItem>,
    pub cursor: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFeedItem {
    pub task: Task,
    pub turn: Option<Turn>,
    #[serde(flatten)]
    pub extra: Extra,
}
