//! What the store does, apart from HTTP. A handler reads the request, calls one of these under
//! the store's lock (`AppState::mutate`), persists and answers; the rules (what a fork copies,
//! when a pull request may be opened) live here, where they are tested without a server.

use crate::error::{AppError, AppResult};
use crate::state::{Store, TaskRecord};
use crate::turns;
use axum::http::StatusCode;
use serde_json::Value;
use wham_api::models::{DenormalizedMetadata, Environment, ExternalPullRequest, OutputItem, Task, Turn, TurnNode};
use wham_api::tolerant::Extra;

/// Forks add tasks without the creation rate limit, so the store is bounded here.
pub const MAX_TASKS: usize = 20_000;

impl TaskRecord {
    /// A task with no turns yet, in `environment`, starting from `branch`.
    pub fn new_task(
        task_id: &str,
        title: &str,
        has_generated_title: bool,
        environment: &Environment,
        branch: &str,
        created_at: f64,
    ) -> Self {
        TaskRecord {
            task: Task {
                id: task_id.to_string(),
                title: title.to_string(),
                has_generated_title,
                created_at: Some(created_at.into()),
                denormalized_metadata: Some(DenormalizedMetadata {
                    start_branch_name: Some(branch.to_string()),
                    environment_id: Some(environment.id.clone()),
                    environment_label: Some(environment.display_name()),
                    ..Default::default()
                }),
                ..Default::default()
            },
            environment_id: environment.id.clone(),
            updated_at: created_at,
            ..Default::default()
        }
    }

    /// Puts a prompt into the task's tree: under `parent` (the assistant turn it follows, if
    /// any), with `attempts` (its assistant turns' ids) as children.
    pub fn add_user_turn(&mut self, user: Turn, parent: Option<String>, attempts: Vec<String>) {
        let user_id = user.id.clone();
        let node = TurnNode {
            id: user_id.clone(),
            turn: user,
            parent: parent.clone(),
            children: attempts,
            extra: Extra::new(),
        };
        self.turns.insert(user_id.clone(), node);
        if let Some(parent) = parent.as_ref().and_then(|id| self.turns.get_mut(id)) {
            parent.children.push(user_id);
        }
    }

    /// Puts an attempt into the task's tree, under the prompt it answers.
    pub fn add_assistant_turn(&mut self, turn: Turn, user_turn_id: &str) {
        let node = TurnNode {
            id: turn.id.clone(),
            turn,
            parent: Some(user_turn_id.to_string()),
            children: Vec::new(),
            extra: Extra::new(),
        };
        self.turns.insert(node.id.clone(), node);
    }

    /// Archives a task, or brings it back.
    pub fn set_archived(&mut self, archived: bool, now: f64) {
        self.task.archived = archived;
        self.updated_at = now;
        self.refresh_metadata();
    }
}

impl Store {
    /// Copies a finished task into a new one with its turns so far (ids renamed, no pull
    /// requests, not archived, read); answers the new task.
    pub fn fork_task(&mut self, task_id: &str, now: f64) -> AppResult<Task> {
        let original = self.tasks.get(task_id).cloned().ok_or_else(|| AppError::not_found("task", task_id))?;
        if original.status().is_active() {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "a running task cannot be forked; wait for it or cancel it",
            ));
        }
        if self.tasks.len() >= MAX_TASKS {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                format!(
                    "this server holds at most {MAX_TASKS} tasks; archive is not enough, restart it to start afresh"
                ),
            ));
        }
        let new_id = format!("task_e_{}", self.new_id(""));
        let rename = |id: &str| id.replacen(task_id, &new_id, 1);
        let mut record = original.clone();
        record.task.id = new_id.clone();
        // A fork of a fork is still "(fork)", not "(fork) (fork)": titles do not grow.
        if !original.task.title.ends_with(" (fork)") {
            record.task.title = format!("{} (fork)", original.task.title);
        }
        record.task.archived = false;
        record.task.has_unread_turn = false;
        record.task.external_pull_requests.clear();
        record.task.current_turn_id = original.task.current_turn_id.as_deref().map(rename);
        record.task.created_at = Some(now.into());
        record.updated_at = now;
        record.turns = original
            .turns
            .iter()
            .map(|(id, node)| {
                let mut node = node.clone();
                node.id = rename(&node.id);
                node.turn.id = rename(&node.turn.id);
                node.turn.previous_turn_id = node.turn.previous_turn_id.as_deref().map(rename);
                node.turn.sibling_turn_ids = node.turn.sibling_turn_ids.iter().map(|id| rename(id)).collect();
                node.parent = node.parent.as_deref().map(rename);
                node.children = node.children.iter().map(|id| rename(id)).collect();
                (rename(id), node)
            })
            .collect();
        record.events = original.events.iter().map(|(id, events)| (rename(id), events.clone())).collect();
        record.refresh_metadata();
        let task = record.task.clone();
        self.tasks.insert(new_id, record);
        Ok(task)
    }

    /// Opens a pull request from a finished turn's diff (`mode`: draft, auto_merge or ready).
    /// A task has at most one open pull request: the next turn updates it instead.
    pub fn create_pull_request(
        &mut self,
        task_id: &str,
        turn_id: &str,
        mode: Option<&str>,
        now: f64,
    ) -> AppResult<ExternalPullRequest> {
        if let Some(mode) = mode {
            if !matches!(mode, "draft" | "auto_merge" | "ready") {
                return Err(AppError::invalid("mode", format!("mode must be draft or auto_merge, got {mode:?}")));
            }
        }
        let number = 500 + self.next_id;
        let pr_id = format!("pr_{}", self.new_id(""));
        let record = self.tasks.get_mut(task_id).ok_or_else(|| AppError::not_found("task", task_id))?;
        let turn = record.turn(turn_id).ok_or_else(|| AppError::not_found("turn", turn_id))?;
        if turn.status().is_active() {
            return Err(AppError::new(StatusCode::CONFLICT, "the turn is still running"));
        }
        let diff = turn
            .diff()
            .ok_or_else(|| AppError::invalid("turn_id", "this turn has no changes to open a pull request for"))?;
        if record.task.external_pull_requests.iter().any(|pr| pr.pull_request.state.as_deref() == Some("open")) {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "this task already has an open pull request; update it instead",
            ));
        }
        let title = turn
            .output_items
            .iter()
            .find_map(|item| match item {
                OutputItem::Pr(pr) => pr.pr_title.clone(),
                _ => None,
            })
            .or(diff.commit_message.clone())
            .unwrap_or_else(|| record.task.title.clone());
        let repo = turn
            .environment
            .as_ref()
            .and_then(|environment| environment.primary_repository())
            .and_then(|repo| repo.full_name().map(str::to_string))
            .unwrap_or_else(|| "owner/repo".into());
        let branch = format!("codex/{}", title.to_lowercase().split_whitespace().take(6).collect::<Vec<_>>().join("-"));
        let mut pr = turns::pull_request(&pr_id, turn_id, number, &repo, &branch, &title, mode == Some("draft"));
        if mode == Some("auto_merge") {
            pr.pull_request.extra.insert("auto_merge".into(), Value::Bool(true));
        }
        record.task.external_pull_requests.push(pr.clone());
        if let Some(node) = record.turns.get_mut(turn_id) {
            node.turn.pull_request_status = Some("created".into());
            node.turn.pull_request_data = Some(serde_json::to_value(&pr.pull_request).unwrap_or(Value::Null));
        }
        if let Some(metadata) = record.task.denormalized_metadata.as_mut() {
            metadata.pushed_branch_name = Some(branch);
            metadata.last_pushed_turn_id = Some(turn_id.to_string());
        }
        record.updated_at = now;
        record.refresh_metadata();
        Ok(pr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wham_api::models::TurnStatus;

    fn finished_task(store: &Store) -> String {
        store
            .tasks
            .values()
            .find(|record| record.status() == TurnStatus::Completed && record.current_diff_turn().is_some())
            .map(|record| record.task.id.clone())
            .expect("the seed has a finished task with a diff")
    }

    #[test]
    fn a_fork_copies_the_turns_under_new_ids_and_keeps_its_title_short() {
        let mut store = crate::seed::seed(7);
        let original_id = finished_task(&store);
        let fork = store.fork_task(&original_id, 1.0).unwrap();
        let original = &store.tasks[&original_id];
        let copy = &store.tasks[&fork.id];
        assert_ne!(fork.id, original_id);
        assert_eq!(fork.title, format!("{} (fork)", original.task.title));
        assert_eq!(copy.turns.len(), original.turns.len());
        assert!(copy.turns.keys().all(|id| id.starts_with(&fork.id)), "every turn renamed into the fork");
        assert!(copy.task.external_pull_requests.is_empty());
        assert_eq!(copy.current_assistant_turn().map(|turn| turn.status()), Some(TurnStatus::Completed));
        // A fork of the fork is not "(fork) (fork)".
        let again = store.fork_task(&fork.id, 2.0).unwrap();
        assert_eq!(again.title, fork.title);
        assert_eq!(store.fork_task("task_e_missing", 3.0).unwrap_err().status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn a_running_task_is_not_forked() {
        let mut store = crate::seed::seed(7);
        let running = store.tasks.values().find(|record| record.status().is_active()).unwrap().task.id.clone();
        assert_eq!(store.fork_task(&running, 1.0).unwrap_err().status, StatusCode::CONFLICT);
    }

    #[test]
    fn one_open_pull_request_per_task_and_only_known_modes() {
        let mut store = crate::seed::seed(7);
        let task_id = finished_task(&store);
        let turn_id = store.tasks[&task_id].current_diff_turn().unwrap().id.clone();
        store.tasks.get_mut(&task_id).unwrap().task.external_pull_requests.clear();
        let error = store.create_pull_request(&task_id, &turn_id, Some("yolo"), 1.0).unwrap_err();
        assert_eq!(error.body.field.as_deref(), Some("mode"));
        let pr = store.create_pull_request(&task_id, &turn_id, Some("draft"), 1.0).unwrap();
        assert_eq!(pr.assistant_turn_id.as_deref(), Some(turn_id.as_str()));
        let record = &store.tasks[&task_id];
        assert_eq!(record.task.external_pull_requests.len(), 1);
        assert!(record.task.denormalized_metadata.as_ref().unwrap().pushed_branch_name.is_some());
        let second = store.create_pull_request(&task_id, &turn_id, None, 2.0).unwrap_err();
        assert_eq!(second.status, StatusCode::CONFLICT);
    }

    #[test]
    fn archiving_moves_the_task_and_its_time() {
        let mut store = crate::seed::seed(7);
        let task_id = finished_task(&store);
        let record = store.tasks.get_mut(&task_id).unwrap();
        record.set_archived(true, 42.0);
        assert!(record.task.archived);
        assert_eq!(record.updated_at, 42.0);
        record.set_archived(false, 43.0);
        assert!(!record.task.archived);
    }
}
