//! The task list's rows, read for what a row shows and nothing more.
//!
//! The list is the app's first screen, so its decoders are in the first download. Reading the
//! rows as [`TaskSummary`] brought a decoder for every field of a pull request (body, users,
//! comments, diffs as raw JSON) and, through `#[serde(flatten)]`, a buffering decoder for each
//! nested type: about a tenth of the first load for fields no row shows. These types name only
//! what the row, the list's filters and its refresh read; everything else is skipped unread.
//! `GET /wham/tasks/list` and `/wham/tasks/search` answer both shapes; the full models stay for
//! the server and everything that keeps or sends a task.

use crate::models::tasks::{DiffStats, ExternalPullRequest, TaskSummary, TurnStatus};
use crate::tolerant::{lenient_u64, null_default, Timestamp};
use serde::Deserialize;

/// `GET /wham/tasks/list` and `GET /wham/tasks/search`, rows slim.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskRowPage {
    #[serde(deserialize_with = "null_default")]
    pub items: Vec<TaskRowSummary>,
    /// Opaque; `None` (or `null`) when there is no further page.
    pub cursor: Option<String>,
}

/// One row of the task list: the fields of [`TaskSummary`] that a row shows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskRowSummary {
    pub id: String,
    pub title: String,
    pub has_generated_title: bool,
    pub updated_at: Option<Timestamp>,
    pub has_unread_turn: bool,
    #[serde(deserialize_with = "null_default")]
    pub is_review: bool,
    #[serde(deserialize_with = "null_default")]
    pub pull_requests: Vec<PullRequestLink>,
    pub task_status_display: Option<RowStatus>,
}

impl TaskRowSummary {
    /// The latest turn's status, if the row carries one.
    pub fn status(&self) -> Option<&TurnStatus> {
        self.latest_turn()?.turn_status.as_ref()
    }

    /// The environment's label, as the service shows it on the row.
    pub fn environment_label(&self) -> Option<&str> {
        self.task_status_display.as_ref()?.environment_label.as_deref()
    }

    /// The latest turn's line and file counts.
    pub fn change_counts(&self) -> Option<&ChangeCounts> {
        self.latest_turn()?.diff_stats.as_ref()
    }

    fn latest_turn(&self) -> Option<&RowLatestTurn> {
        self.task_status_display.as_ref()?.latest_turn_status_display.as_ref()
    }
}

/// `task_status_display` of a row.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RowStatus {
    pub environment_label: Option<String>,
    pub branch_name: Option<String>,
    pub latest_turn_status_display: Option<RowLatestTurn>,
}

/// `latest_turn_status_display` of a row.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RowLatestTurn {
    pub turn_status: Option<TurnStatus>,
    pub diff_stats: Option<ChangeCounts>,
}

/// Lines added and removed and files changed, as [`DiffStats`] without what it keeps besides.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ChangeCounts {
    #[serde(deserialize_with = "lenient_u64")]
    pub files_modified: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub lines_added: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub lines_removed: Option<u64>,
}

impl From<&DiffStats> for ChangeCounts {
    fn from(stats: &DiffStats) -> Self {
        ChangeCounts {
            files_modified: stats.files_modified,
            lines_added: stats.lines_added,
            lines_removed: stats.lines_removed,
        }
    }
}

/// A pull request as a link: an entry of `pull_requests[]` on a row (`{pull_request: {…}}`),
/// or made from the task's [`ExternalPullRequest`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullRequestLink {
    pub number: Option<u64>,
    pub url: Option<String>,
    pub draft: Option<bool>,
}

impl<'de> Deserialize<'de> for PullRequestLink {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Entry {
            pull_request: Option<Fields>,
        }
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Fields {
            #[serde(deserialize_with = "lenient_u64")]
            number: Option<u64>,
            url: Option<String>,
            draft: Option<bool>,
        }
        let fields =
            Option::<Entry>::deserialize(deserializer)?.and_then(|entry| entry.pull_request).unwrap_or_default();
        Ok(PullRequestLink { number: fields.number, url: fields.url, draft: fields.draft })
    }
}

impl From<&ExternalPullRequest> for PullRequestLink {
    fn from(pr: &ExternalPullRequest) -> Self {
        PullRequestLink {
            number: pr.pull_request.number,
            url: pr.pull_request.url.clone(),
            draft: pr.pull_request.draft,
        }
    }
}

impl From<&TaskSummary> for TaskRowSummary {
    /// The row of a full summary (the tests compare the two readings of one answer).
    fn from(task: &TaskSummary) -> Self {
        let display = task.task_status_display.as_ref();
        let latest = display.and_then(|display| display.latest_turn_status_display.as_ref());
        TaskRowSummary {
            id: task.id.clone(),
            title: task.title.clone(),
            has_generated_title: task.has_generated_title,
            updated_at: task.updated_at.clone(),
            has_unread_turn: task.has_unread_turn,
            is_review: task.is_review,
            pull_requests: task.pull_requests.iter().map(PullRequestLink::from).collect(),
            task_status_display: display.map(|display| RowStatus {
                environment_label: display.environment_label.clone(),
                branch_name: display.branch_name.clone(),
                latest_turn_status_display: latest.map(|latest| RowLatestTurn {
                    turn_status: latest.turn_status.clone(),
                    diff_stats: latest.diff_stats.as_ref().map(ChangeCounts::from),
                }),
            }),
        }
    }
}
