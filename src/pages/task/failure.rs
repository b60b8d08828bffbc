//! A failed turn explains itself: what failed (the error), where (the last failing command
//! with its last output lines, or the turn's last log lines), and what to do next (retry as a
//! follow-up, test the environment, read the logs).

use super::use_task;
use crate::api::{use_api, TaskId, TurnId};
use leptos::prelude::*;
use wham_api::models::{LogEntry, Turn};
use wham_api::routes::encode_component;
use wham_model::thread::{ItemKind, ThreadState};

/// Output lines shown under the failing command.
const TAIL_LINES: usize = 12;

/// What the panel shows, read from the turn before its history is dropped. (The turn's log
/// lines are not in it: the page reads turns without them, and the panel asks for them when
/// no command failed.)
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message: Option<String>,
    /// The failing command and its last output lines, or `None` when no command failed.
    pub command: Option<(String, Vec<String>)>,
    pub environment_id: Option<String>,
}

impl Failure {
    pub fn of(turn: &Turn, thread: &ThreadState) -> Failure {
        let command = thread
            .items
            .iter()
            .rev()
            .find(|item| item.kind == ItemKind::Command && item.exit_code.is_some_and(|code| code != 0))
            .map(|item| (item.text.clone(), tail(&item.output)));
        Failure {
            message: turn.error.as_ref().map(|error| error.message()),
            command,
            environment_id: turn.environment_id.clone().filter(|id| !id.is_empty()),
        }
    }
}

fn tail(output: &str) -> Vec<String> {
    let lines: Vec<String> = output.lines().map(super::work::strip_ansi).collect();
    lines[lines.len().saturating_sub(TAIL_LINES)..].to_vec()
}

/// The last log lines, as text (setup scripts fail before any command runs).
fn log_tail(entries: &[LogEntry]) -> Vec<String> {
    entries[entries.len().saturating_sub(TAIL_LINES)..]
        .iter()
        .map(|entry| super::work::strip_ansi(entry.text()))
        .collect()
}

#[component]
pub fn FailureHelp(failure: Failure, turn_id: String) -> impl IntoView {
    let context = use_task();
    let retry_text = match (&failure.command, &failure.message) {
        (Some((command, _)), _) => format!("The last attempt failed running `{command}`. Fix the cause and try again."),
        (None, Some(message)) => format!("The last attempt failed: {message}. Fix the cause and try again."),
        (None, None) => "The last attempt failed. Try again.".to_string(),
    };
    let logs_turn = turn_id.clone();
    // Where no command failed, the turn's last log lines say where it stopped. Read only here
    // (a long turn's logs are most of its size); if they cannot be read, "Open the logs" stays.
    let api = use_api();
    let task_id = context.task_id.get_untracked();
    let log_lines = failure.command.is_none().then(|| {
        let turn_id = turn_id.clone();
        LocalResource::new(move || {
            let (task_id, turn_id) = (TaskId::from(task_id.clone()), TurnId::from(turn_id.clone()));
            async move { crate::api::tasks::logs(api, &task_id, Some(&turn_id)).await.map(|logs| log_tail(&logs.logs)) }
        })
    });
    view! {
        <section class="failure-help" aria-label="Why it failed">
            <h3>"Why it failed"</h3>
            {failure
                .command
                .clone()
                .map(|(command, output)| {
                    view! {
                        <p>"The command that failed:"</p>
                        <pre class="command-output failure-output">
                            <code>{format!("$ {command}\n{}", output.join("\n"))}</code>
                        </pre>
                    }
                })}
            {move || {
                let lines = log_lines?.get()?.ok().filter(|lines| !lines.is_empty())?;
                Some(
                    view! {
                        <p>"The last lines it logged:"</p>
                        <pre class="command-output failure-output">
                            <code>{lines.join("\n")}</code>
                        </pre>
                    },
                )
            }}
            <p>"Next steps:"</p>
            <div class="actions">
                <button class="button small" on:click=move |_| context.follow_up_prefill.set(Some(retry_text.clone()))>
                    "Retry as a follow-up"
                </button>
                {failure
                    .environment_id
                    .clone()
                    .map(|id| {
                        view! {
                            <a class="button small" href=format!("/environments/{}", encode_component(&id))>
                                "Test the environment"
                            </a>
                        }
                    })}
                <button class="button small" on:click=move |_| context.logs_for.set(Some((logs_turn.clone(), None)))>
                    "Open the logs"
                </button>
            </div>
        </section>
    }
}
