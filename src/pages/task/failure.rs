//! A failed turn explains itself: what failed (the error), where (the last failing command
//! with its last output lines, or the turn's last log lines), and what to do next (retry as a
//! follow-up, test the environment, read the logs).

use super::use_task;
use leptos::prelude::*;
use wham_api::models::Turn;
use wham_api::routes::encode_component;
use wham_model::thread::{ItemKind, ThreadState};

/// Output lines shown under the failing command.
const TAIL_LINES: usize = 12;

/// What the panel shows, read from the turn before its history is dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message: Option<String>,
    /// The failing command and its last output lines, or `None` when no command failed.
    pub command: Option<(String, Vec<String>)>,
    /// The turn's last log lines (setup scripts fail before any command runs).
    pub log_tail: Vec<String>,
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
        let log_tail = turn
            .logs
            .as_ref()
            .map(|logs| {
                let lines: Vec<String> = logs.logs.iter().map(|entry| super::work::strip_ansi(entry.text())).collect();
                lines[lines.len().saturating_sub(TAIL_LINES)..].to_vec()
            })
            .unwrap_or_default();
        Failure {
            message: turn.error.as_ref().map(|error| error.message()),
            command,
            log_tail,
            environment_id: turn.environment_id.clone().filter(|id| !id.is_empty()),
        }
    }
}

fn tail(output: &str) -> Vec<String> {
    let lines: Vec<String> = output.lines().map(super::work::strip_ansi).collect();
    lines[lines.len().saturating_sub(TAIL_LINES)..].to_vec()
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
            {(failure.command.is_none() && !failure.log_tail.is_empty())
                .then(|| {
                    view! {
                        <p>"The last lines it logged:"</p>
                        <pre class="command-output failure-output">
                            <code>{failure.log_tail.join("\n")}</code>
                        </pre>
                    }
                })}
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
