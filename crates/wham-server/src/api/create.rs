//! `POST /wham/tasks`: a new task (`new_task`), a follow-up (`follow_up`) or a task fixing what a
//! code review found (`review_fix`), with best-of-N
//! attempts, the task-creation rate window, and the simulated agent started for each attempt.

use super::body::JsonBody;
use super::quotas::{rate_limit, record_creation};
use crate::agent;
use crate::content::SCENARIOS;
use crate::error::{AppError, AppResult};
use crate::rng::Rng;
use crate::state::{Store, TaskRecord};
use crate::{turns, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;
use wham_api::models::*;
use wham_api::tolerant::Extra;

/// An agent plan to start once the store is unlocked: task id, turn id, plan.
type PlannedTurn = (String, String, agent::Plan);

/// In a new task's prompt, makes it a code review task (`is_review`), as those code review
/// starts on a pull request: its answer is the review (no change of code), and a `review_fix`
/// can start a task that fixes what it found. The local stand-in for GitHub's review requests.
const REVIEW_TAG: &str = "[review]";

/// What a `review_fix` starts: a new task on the review's environment and branch, worded from
/// the review (the request carries no message), once the review's answer has finished.
fn review_fix_task(store: &Store, fix: &ReviewFix) -> AppResult<(NewTask, String)> {
    let review = store.tasks.get(&fix.task_id).ok_or_else(|| AppError::not_found("task", &fix.task_id))?;
    if !review.task.is_review {
        return Err(AppError::invalid("review_fix.task_id", format!("task {:?} is not a code review", fix.task_id)));
    }
    let answer = review.turn(&fix.turn_id).filter(|turn| turn.is_assistant()).ok_or_else(|| {
        AppError::invalid("review_fix.turn_id", format!("turn {:?} is not an answer of this task", fix.turn_id))
    })?;
    if answer.status().is_active() {
        return Err(AppError::new(StatusCode::CONFLICT, "the review is still running; wait for its findings"));
    }
    let title = review.task.title.replace(REVIEW_TAG, "");
    let new_task = NewTask {
        environment_id: review.environment_id.clone(),
        branch: answer.branch.clone(),
        title: Some(format!("Fix: {}", title.trim())),
        ..Default::default()
    };
    Ok((new_task, format!("Fix the issues code review found in \"{}\".", title.trim())))
}

/// The most attempts a request may ask for.
pub const MAX_BEST_OF_N: u32 = 4;

/// A title made from the prompt until the agent generates one.
fn provisional_title(prompt: &str) -> String {
    let first_line = prompt.lines().find(|line| !line.trim().is_empty()).unwrap_or("New task").trim();
    let mut title: String = first_line.chars().take(80).collect();
    if first_line.chars().count() > 80 {
        title.push('…');
    }
    title
}

/// The title the agent "generates": the prompt's first sentence, tidied.
fn generated_title(prompt: &str) -> String {
    let sentence = prompt.split(['.', '\n', '?', '!']).find(|part| !part.trim().is_empty()).unwrap_or(prompt).trim();
    let words: Vec<&str> = sentence.split_whitespace().take(9).collect();
    let mut title = words.join(" ").replace("[fail]", "").replace(REVIEW_TAG, "").trim().to_string();
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    if title.is_empty() {
        "Untitled task".into()
    } else {
        title
    }
}

fn scenario_for(prompt: &str) -> &'static crate::content::Scenario {
    if prompt.contains("[hostile]") {
        return &crate::content::HOSTILE;
    }
    let hash = prompt.bytes().fold(0u64, |hash, byte| hash.wrapping_mul(31).wrapping_add(byte as u64));
    &SCENARIOS[(hash % SCENARIOS.len() as u64) as usize]
}

fn validate(request: &CreateTaskRequest) -> AppResult<(String, u32)> {
    let kinds = [request.new_task.is_some(), request.follow_up.is_some(), request.review_fix.is_some()];
    match kinds.iter().filter(|present| **present).count() {
        0 => return Err(AppError::bad_request("Must specify one of: follow_up, new_task, review_fix")),
        1 => {}
        _ => return Err(AppError::bad_request("Specify only one of: follow_up, new_task, review_fix")),
    }
    let prompt = request.prompt();
    // A review fix carries no message of its own: the task is worded from the review.
    if request.review_fix.is_none() && prompt.trim().is_empty() {
        return Err(AppError::invalid("input_items", "input_items must contain a user message with text"));
    }
    let best_of_n = request.metadata.as_ref().and_then(|metadata| metadata.best_of_n).unwrap_or(1);
    if !(1..=MAX_BEST_OF_N).contains(&best_of_n) {
        return Err(AppError::invalid(
            "metadata.best_of_n",
            format!("best_of_n must be from 1 to {MAX_BEST_OF_N}, got {best_of_n}"),
        ));
    }
    Ok((prompt, best_of_n))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateTaskRequest>,
) -> AppResult<Json<Value>> {
    let (asked_prompt, best_of_n) = validate(&request)?;
    let now = crate::now();
    let model =
        request.metadata.as_ref().and_then(|metadata| metadata.model_slug.clone()).unwrap_or_else(|| "codex-1".into());
    let outcome = state.mutate(|store| -> AppResult<(CreateTaskResponse, Vec<PlannedTurn>)> {
        let limit = rate_limit(store, now);
        if limit.remaining.unwrap_or(0.0) < 1.0 {
            let resets_after = limit.resets_after.unwrap_or(0.0);
            let mut error = AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Task limit reached: {} tasks per hour. Try again in {} minutes.",
                    store.rate_limit_per_window,
                    (resets_after / 60.0).ceil()
                ),
            );
            error.body.resets_at = Some(now + resets_after);
            return Err(error);
        }
        let review_fix = request.review_fix.as_ref().map(|fix| review_fix_task(store, fix)).transpose()?;
        let prompt = match &review_fix {
            Some((_, worded)) if asked_prompt.trim().is_empty() => worded.clone(),
            _ => asked_prompt.clone(),
        };
        let new_task = request.new_task.as_ref().or(review_fix.as_ref().map(|(task, _)| task));
        let (task_id, user_turn_id, attempts, environment, branch, ask_mode, first_turn) =
            match (new_task, &request.follow_up) {
                (Some(new_task), _) => {
                    let environment = store.environment(&new_task.environment_id).cloned().ok_or_else(|| {
                        AppError::invalid(
                            "new_task.environment_id",
                            format!("environment {:?} does not exist", new_task.environment_id),
                        )
                    })?;
                    let branch = new_task
                        .branch
                        .clone()
                        .filter(|branch| !branch.is_empty())
                        .or_else(|| environment.primary_repository().and_then(|repo| repo.default_branch.clone()))
                        .unwrap_or_else(|| "main".into());
                    let task_id = format!("task_e_{}", store.new_id(""));
                    let title = new_task.title.clone().unwrap_or_else(|| provisional_title(&prompt));
                    let mut record = TaskRecord::new_task(&task_id, &title, false, &environment, &branch, now);
                    record.task.is_review = prompt.contains(REVIEW_TAG);
                    let ask_mode = new_task.run_environment_in_qa_mode || record.task.is_review;
                    store.tasks.insert(task_id.clone(), record);
                    if let Some(stored) = store.environments.iter_mut().find(|stored| stored.id == environment.id) {
                        stored.task_count = Some(stored.task_count.unwrap_or(0) + 1);
                    }
                    let user_turn_id = format!("{task_id}~usertrn_{}", store.new_id(""));
                    let attempts: Vec<String> =
                        (0..best_of_n).map(|_| format!("{task_id}~assttrn_{}", store.new_id(""))).collect();
                    (task_id, user_turn_id, attempts, environment, branch, ask_mode, true)
                }
                (None, Some(follow_up)) => {
                    let record = store
                        .tasks
                        .get(&follow_up.task_id)
                        .ok_or_else(|| AppError::not_found("task", &follow_up.task_id))?;
                    let previous = record.turn(&follow_up.turn_id).ok_or_else(|| {
                        AppError::invalid(
                            "follow_up.turn_id",
                            format!("turn {:?} is not in this task", follow_up.turn_id),
                        )
                    })?;
                    if !previous.is_assistant() {
                        return Err(AppError::invalid("follow_up.turn_id", "a follow-up answers an assistant turn"));
                    }
                    if previous.status().is_active() {
                        return Err(AppError::new(
                            StatusCode::CONFLICT,
                            "this turn is still running; wait for it or cancel it first",
                        ));
                    }
                    let environment = previous
                        .environment
                        .clone()
                        .or_else(|| store.environment(&record.environment_id).cloned())
                        .unwrap_or_default();
                    let branch = previous.branch.clone().unwrap_or_else(|| "main".into());
                    let task_id = follow_up.task_id.clone();
                    let user_turn_id = format!("{task_id}~usertrn_{}", store.new_id(""));
                    let attempts: Vec<String> =
                        (0..best_of_n).map(|_| format!("{task_id}~assttrn_{}", store.new_id(""))).collect();
                    (task_id, user_turn_id, attempts, environment, branch, follow_up.is_ask_mode(), false)
                }
                _ => return Err(AppError::bad_request("Must specify one of: follow_up, new_task, review_fix")),
            };
        record_creation(store, now);
        // A review fix's user turn shows the words the task was started with.
        let input_items =
            if request.input_items.is_empty() { vec![user_message(&prompt)] } else { request.input_items.clone() };
        let previous_turn = request.follow_up.as_ref().map(|follow_up| follow_up.turn_id.clone());
        let plans = build_turns(
            store,
            &task_id,
            &user_turn_id,
            previous_turn,
            &attempts,
            &environment,
            &branch,
            ask_mode,
            first_turn,
            &prompt,
            &input_items,
            &model,
            now,
        );
        let record = store.tasks.get(&task_id).ok_or_else(|| AppError::not_found("task", &task_id))?;
        let response = CreateTaskResponse {
            task: record.task.clone(),
            user_turn: record.turn(&user_turn_id).cloned(),
            turn: attempts.first().and_then(|id| record.turn(id)).cloned(),
            rate_limit: Some(rate_limit(store, now)),
            extra: Extra::new(),
        };
        Ok((response, plans))
    });
    let (response, plans) = outcome?;
    for (task_id, turn_id, plan) in plans {
        agent::spawn(state.clone(), task_id, turn_id, plan);
    }
    state.persisted().await?;
    Ok(Json(serde_json::to_value(response).unwrap_or(Value::Null)))
}

/// Adds the user turn and its assistant attempts to the tree; returns the agent plans to run.
#[allow(clippy::too_many_arguments)]
fn build_turns(
    store: &mut Store,
    task_id: &str,
    user_turn_id: &str,
    previous_turn: Option<String>,
    attempts: &[String],
    environment: &Environment,
    branch: &str,
    ask_mode: bool,
    first_turn: bool,
    prompt: &str,
    input_items: &[InputItem],
    model: &str,
    now: f64,
) -> Vec<PlannedTurn> {
    let mut rng = Rng::new(store.next_id ^ (now as u64));
    let scenario = scenario_for(prompt);
    let Some(record) = store.tasks.get_mut(task_id) else {
        return Vec::new();
    };
    let user = turns::user_turn(user_turn_id, previous_turn.as_deref(), input_items.to_vec(), now, model);
    record.add_user_turn(user, previous_turn.clone(), attempts.to_vec());
    let mut plans = Vec::new();
    for (attempt, turn_id) in attempts.iter().enumerate() {
        let mut turn = turns::pending_assistant_turn(turn_id, user_turn_id, attempt as i64, environment, branch, now);
        turn.sibling_turn_ids = attempts.iter().filter(|other| *other != turn_id).cloned().collect();
        let base_commit = turn.base_commit_sha.clone().unwrap_or_default();
        record.add_assistant_turn(turn, user_turn_id);
        // Only the first attempt of a new task generates the title.
        let title = (first_turn && attempt == 0).then(|| {
            if std::ptr::eq(scenario, &crate::content::HOSTILE) {
                scenario.title.to_string()
            } else {
                generated_title(prompt)
            }
        });
        let plan = agent::plan(&mut rng, scenario, prompt, ask_mode, title, &base_commit, now);
        plans.push((task_id.to_string(), turn_id.clone(), plan));
    }
    record.task.current_turn_id = attempts.first().cloned();
    record.task.has_unread_turn = false;
    record.updated_at = now;
    record.refresh_metadata();
    plans
}
