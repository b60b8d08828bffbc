//! Tasks and their turns: lists, a task's bundle and turn tree, a turn, logs, and the actions.

use super::client::{send, send_decoding, send_ignoring_answer, ApiContext, ApiError};
use super::ids::{PrId, RepoId, TaskId, TurnId};
use wham_api::models::{
    decode_without_history, decode_without_logs, BranchSearchResponse, CreatePrRequest, CreateTaskRequest, CreatedTask,
    ForkTaskResponse, RateLimit, TaskBundle, TaskFilter, TaskRowPage, Turn, TurnLogs, TurnMappingResponse,
    TurnResponse,
};
use wham_api::routes::{self, Request};

fn task_request(route: routes::Route, task: &TaskId) -> Request {
    route.request(&[("task_id", task.as_str())])
}

fn turn_request(route: routes::Route, task: &TaskId, turn: &TurnId) -> Request {
    route.request(&[("task_id", task.as_str()), ("turn_id", turn.as_str())])
}

/// Which tasks a list page asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListParams<'a> {
    pub filter: TaskFilter,
    pub limit: u32,
    pub cursor: Option<&'a str>,
    /// Searched when not blank (`/wham/tasks/search`), else listed.
    pub search: &'a str,
    /// Only this environment's tasks, when not empty.
    pub environment_id: &'a str,
}

/// One page of tasks (`/wham/tasks/list`, or `/wham/tasks/search` with a search).
pub async fn list(api: ApiContext, params: ListParams<'_>) -> Result<TaskRowPage, ApiError> {
    let search = params.search.trim();
    let route = if search.is_empty() { routes::TASKS_LIST } else { routes::TASKS_SEARCH };
    let mut request = route
        .request(&[])
        .query("task_filter", params.filter.as_str())
        .query("limit", params.limit)
        .query_opt("cursor", params.cursor);
    if !search.is_empty() {
        request = request.query("query", search);
    }
    if !params.environment_id.is_empty() {
        request = request.query("environment_id", params.environment_id);
    }
    send(api, &request).await
}

/// A task with its current turns, without their history.
pub async fn bundle(api: ApiContext, task: &TaskId) -> Result<TaskBundle, ApiError> {
    // The page's header and actions use none of the history, and the task holds its current
    // turn twice: for a long turn, most of the answer.
    send_decoding(api, &task_request(routes::TASK, task), decode_without_history).await
}

/// A task's turn tree, its turns without their log lines: the Logs tab and a failed turn's
/// help read those themselves, and a long turn's logs are most of its size.
pub async fn turns(api: ApiContext, task: &TaskId) -> Result<TurnMappingResponse, ApiError> {
    send_decoding(api, &task_request(routes::TASK_TURNS, task), decode_without_logs).await
}

/// One turn without its history: what following a turn's status needs (every few seconds,
/// for a running attempt not on screen, however long its history has grown).
pub async fn turn_without_history(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<Turn, ApiError> {
    send_decoding::<TurnResponse>(api, &turn_request(routes::TURN, task, turn), decode_without_history)
        .await
        .map(|response| response.turn)
}

/// One turn as its view needs it once its stream ends: its thread events (the view reduces
/// them), not its log lines (read where they are shown; they are half of a long turn's
/// decoding, which must fit in one frame's task).
pub async fn finished_turn(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<Turn, ApiError> {
    send_decoding::<TurnResponse>(api, &turn_request(routes::TURN, task, turn), decode_without_logs)
        .await
        .map(|response| response.turn)
}

/// A task's logs, or one turn's.
pub async fn logs(api: ApiContext, task: &TaskId, turn: Option<&TurnId>) -> Result<TurnLogs, ApiError> {
    let request = match turn {
        Some(turn) => turn_request(routes::TURN_LOGS, task, turn),
        None => task_request(routes::TASK_LOGS, task),
    };
    send(api, &request).await
}

/// Starts a task (or a follow-up, when the request names the turn it follows) and returns the
/// new task's id, all that its callers use: the answer is read as [`CreatedTask`], so the
/// list's prompt box does not bring the turn model's decoder into the first load.
pub async fn create(api: ApiContext, request: &CreateTaskRequest) -> Result<TaskId, ApiError> {
    let created: CreatedTask = send(api, &routes::TASK_CREATE.request(&[]).json(request)).await?;
    if created.task.id.is_empty() {
        return Err(ApiError::Decode("the server started the task but did not say which it is".into()));
    }
    Ok(TaskId::from(created.task.id))
}

/// How many tasks the person may still start.
pub async fn rate_limit(api: ApiContext) -> Result<RateLimit, ApiError> {
    send(api, &routes::TASKS_RATE_LIMIT.request(&[])).await
}

pub async fn mark_read(api: ApiContext, task: &TaskId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &task_request(routes::TASK_MARK_READ, task)).await
}

pub async fn archive(api: ApiContext, task: &TaskId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &task_request(routes::TASK_ARCHIVE, task)).await
}

/// Brings an archived task back.
pub async fn recover(api: ApiContext, task: &TaskId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &task_request(routes::TASK_RECOVER, task)).await
}

/// Cancels every running attempt of a task.
pub async fn cancel(api: ApiContext, task: &TaskId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &task_request(routes::TASK_CANCEL, task)).await
}

/// Copies a task into a new one; the answer names it when the service says.
pub async fn fork(api: ApiContext, task: &TaskId) -> Result<ForkTaskResponse, ApiError> {
    send(api, &task_request(routes::TASK_FORK, task)).await
}

pub async fn cancel_turn(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &turn_request(routes::TURN_CANCEL, task, turn)).await
}

pub async fn discard_turn(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &turn_request(routes::TURN_DISCARD, task, turn)).await
}

/// Restores every discarded attempt beside `turn`.
pub async fn undo_discards(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &turn_request(routes::TURN_UNDO_ALL_DISCARDS, task, turn)).await
}

/// Tells the service which attempt the person looked at (best-of-N).
pub async fn viewed(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &turn_request(routes::SPECULATIVE_TURN_VIEW, task, turn)).await?;
    send_ignoring_answer(api, &turn_request(routes::TURN_VIEWED, task, turn)).await
}

/// Tells the service that the person copied an attempt's `git apply` command, as the official
/// clients do. Its answer (a command of the service's own) is not read: the command copied is
/// built by the app from the diff (see `wham_api::git_apply`).
pub async fn copied_git_apply(api: ApiContext, task: &TaskId, turn: &TurnId) -> Result<(), ApiError> {
    send_ignoring_answer(api, &turn_request(routes::TURN_COPY_GIT_APPLY, task, turn)).await
}

/// Opens a pull request (a draft when asked) from an attempt.
pub async fn create_pr(api: ApiContext, task: &TaskId, turn: &TurnId, draft: bool) -> Result<(), ApiError> {
    let body = CreatePrRequest { mode: draft.then(|| "draft".to_string()), ..Default::default() };
    send_ignoring_answer(api, &turn_request(routes::TURN_PR_CREATE, task, turn).json(&body)).await
}

/// Updates an attempt's pull request with its latest changes.
pub async fn update_pr(api: ApiContext, task: &TaskId, turn: &TurnId, pr: &PrId) -> Result<(), ApiError> {
    let request = routes::TURN_PR_UPDATE.request(&[
        ("task_id", task.as_str()),
        ("turn_id", turn.as_str()),
        ("pr_id", pr.as_str()),
    ]);
    send_ignoring_answer(api, &request).await
}

/// Branches of a repository matching `query` (at most 20), for the composer.
pub async fn search_branches(api: ApiContext, repo: &RepoId, query: &str) -> Result<BranchSearchResponse, ApiError> {
    let request = routes::GITHUB_BRANCH_SEARCH
        .request(&[("repo_id", repo.as_str())])
        .query("query", query)
        .query("page_size", 20);
    send(api, &request).await
}
