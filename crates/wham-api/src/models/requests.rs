//! Request bodies: task creation (new task or follow-up), pull requests, settings.

use crate::models::quotas::RateLimit;
use crate::models::tasks::Task;
use crate::models::turns::{ContentPart, InputItem, Message, TextPart, Turn};
use crate::tolerant::{null_default, Extra};
use serde::{Deserialize, Serialize};

/// `POST /wham/tasks`: exactly one of `new_task`, `follow_up` (or the rare `review_fix`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateTaskRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_task: Option<NewTask>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_fix: Option<ReviewFix>,
    #[serde(deserialize_with = "null_default")]
    pub input_items: Vec<InputItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<TaskMetadata>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTask {
    pub environment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// `true` is Ask mode: the agent answers without changing code.
    pub run_environment_in_qa_mode: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUp {
    pub task_id: String,
    pub turn_id: String,
    /// `ask` or `code`; some clients send `run_environment_in_qa_mode` instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_environment_in_qa_mode: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `review_fix` of a task creation: a new task that fixes what a code review task found in one
/// of its answers (a task with `is_review`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewFix {
    pub task_id: String,
    pub turn_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl FollowUp {
    /// Whether the follow-up runs in Ask mode, from either spelling.
    pub fn is_ask_mode(&self) -> bool {
        self.environment_mode.as_deref() == Some("ask") || self.run_environment_in_qa_mode == Some(true)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_of_n: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_slug: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl CreateTaskRequest {
    /// A new task with a prompt, as the official clients send it.
    pub fn new_task(environment_id: &str, branch: Option<&str>, prompt: &str, ask_mode: bool, best_of_n: u32) -> Self {
        CreateTaskRequest {
            new_task: Some(NewTask {
                environment_id: environment_id.to_string(),
                branch: branch.map(str::to_string),
                run_environment_in_qa_mode: ask_mode,
                ..Default::default()
            }),
            input_items: vec![user_message(prompt)],
            metadata: (best_of_n > 1).then(|| TaskMetadata { best_of_n: Some(best_of_n), ..Default::default() }),
            ..Default::default()
        }
    }

    /// A follow-up on an assistant turn.
    pub fn follow_up(task_id: &str, turn_id: &str, prompt: &str, ask_mode: bool, best_of_n: u32) -> Self {
        CreateTaskRequest {
            follow_up: Some(FollowUp {
                task_id: task_id.to_string(),
                turn_id: turn_id.to_string(),
                environment_mode: Some(if ask_mode { "ask" } else { "code" }.to_string()),
                ..Default::default()
            }),
            input_items: vec![user_message(prompt)],
            metadata: (best_of_n > 1).then(|| TaskMetadata { best_of_n: Some(best_of_n), ..Default::default() }),
            ..Default::default()
        }
    }

    /// A new task fixing what code review found in `turn_id` of `task_id`, as the official web
    /// client sends it: no message of its own (the service words the task).
    pub fn review_fix(task_id: &str, turn_id: &str) -> Self {
        CreateTaskRequest {
            review_fix: Some(ReviewFix {
                task_id: task_id.to_string(),
                turn_id: turn_id.to_string(),
                extra: Extra::new(),
            }),
            ..Default::default()
        }
    }

    /// The prompt text of the request's message items.
    pub fn prompt(&self) -> String {
        Turn { input_items: self.input_items.clone(), ..Default::default() }.input_text()
    }
}

/// A user message input item holding one text part.
pub fn user_message(text: &str) -> InputItem {
    InputItem::Message(Message {
        role: Some("user".into()),
        content: vec![ContentPart::Text(TextPart { text: text.to_string(), extra: Extra::new() })],
        extra: Extra::new(),
    })
}

/// The answer of `POST /wham/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateTaskResponse {
    pub task: Task,
    pub user_turn: Option<Turn>,
    /// The assistant turn, `pending`.
    pub turn: Option<Turn>,
    pub rate_limit: Option<RateLimit>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The same answer read for the new task's id alone, by pages that only open the new task (the
/// list's prompt box, the composer). Reading the whole answer would bring the turn model's
/// decoder (every output item kind) into the first load's code for one string.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CreatedTask {
    pub task: CreatedTaskId,
}

/// The `task` of [`CreatedTask`]: its id; every other field is skipped.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CreatedTaskId {
    pub id: String,
}

/// The answer of `POST /wham/tasks/{task_id}/fork`: the new task, when the service names it
/// (the reference documents no body, so every field is optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForkTaskResponse {
    pub task: Option<Task>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST …/turns/{turn_id}/pr`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreatePrRequest {
    /// `draft` or `auto_merge`; absent for a ready PR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_codex_tag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_pr_title_and_body: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_labels: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}
