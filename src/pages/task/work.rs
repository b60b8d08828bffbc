//! What the agent did: the legacy `worklog` (commentary collapsed, the final message prominent,
//! reasoning status) and the newer `thread_events` (messages, reasoning summaries, commands
//! with output and exit status, the plan), errors shown plainly.

use crate::markdown;
use crate::thread::{ItemKind, ThreadState};
use leptos::prelude::*;
use wham_api::models::{OutputItem, Turn};

#[component]
pub fn WorkLog(
    turn: Turn,
    /// The thread events already reduced (the live view keeps them so).
    #[prop(optional)]
    thread: Option<ThreadState>,
) -> impl IntoView {
    let thread = thread.filter(|thread| !thread.items.is_empty() || !thread.plan.is_empty()).or_else(|| {
        turn.thread_events
            .as_ref()
            .filter(|events| !events.events.is_empty())
            .map(|events| ThreadState::from_events(&events.events))
    });
    let has_message = turn.output_items.iter().any(|item| matches!(item, OutputItem::Message(_)));
    let worklog = turn.worklog.clone().unwrap_or_default();
    let commentary: Vec<_> =
        worklog.messages.iter().filter(|message| message.channel.as_deref() != Some("final")).cloned().collect();
    let final_message = worklog
        .messages
        .iter()
        .rev()
        .find(|message| message.channel.as_deref() == Some("final"))
        .map(|message| message.text());
    let reasoning = worklog
        .messages
        .iter()
        .rev()
        .find_map(|message| message.metadata.as_ref().and_then(|metadata| metadata.reasoning_status.clone()));
    let running = turn.status().is_active();

    view! {
        // The final worklog message is the answer when the turn has no message item yet.
        {final_message.filter(|_| !has_message).map(|text| view! { <div class="markdown final-message" inner_html=markdown::render(&text)></div> })}
        {thread.map(|thread| view! { <ThreadView thread=thread running=running/> })}
        {(!commentary.is_empty()).then(|| view! {
            <details class="worklog" open=running>
                <summary>"Work log (" {commentary.len()} ")" {reasoning.map(|status| format!(" · {}", status.replace('_', " ")))}</summary>
                <ol class="worklog-list">
                    {commentary.into_iter().map(|message| {
                        let channel = message.channel.clone().unwrap_or_else(|| "note".into());
                        let failed = message.metadata.as_ref().and_then(|metadata| metadata.error.clone()).filter(|error| !error.is_null());
                        view! {
                            <li class=format!("worklog-item channel-{channel}")>
                                <div class="markdown" inner_html=markdown::render(&message.text())></div>
                                {failed.map(|error| view! { <p class="turn-error">{error.to_string()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </details>
        })}
    }
}

#[component]
fn ThreadView(thread: ThreadState, running: bool) -> impl IntoView {
    let steps = thread.items.len();
    view! {
        {(!thread.plan.is_empty()).then(|| view! {
            <ol class="plan" aria-label="Plan">
                {thread.plan.iter().map(|(step, status)| view! { <li class=format!("plan-step plan-{status}")><span class="plan-mark" aria-hidden="true">{match status.as_str() { "completed" => "✓", "in_progress" | "inProgress" => "▶", _ => "○" }}</span>" " {step.clone()}<span class="visually-hidden">{format!(" ({status})")}</span></li> }).collect_view()}
            </ol>
        })}
        {thread.errors.iter().map(|error| view! { <p class="turn-error" role="alert">{error.clone()}</p> }).collect_view()}
        <details class="worklog" open=running>
            <summary>"Agent activity (" {steps} ")"</summary>
            <ol class="worklog-list">
                {thread.items.into_iter().map(|item| match item.kind {
                    ItemKind::Command => {
                        let exit = item.exit_code.map(|code| if code == 0 { "exit 0".to_string() } else { format!("exit {code}") });
                        let failed = item.exit_code.is_some_and(|code| code != 0);
                        view! {
                            <li class="worklog-item command">
                                <div class="command-line"><code>"$ " {item.text.clone()}</code>
                                    {exit.map(|exit| view! { <span class=if failed { "exit exit-failed" } else { "exit" }>{exit}</span> })}
                                    {item.exit_code.is_none().then(|| view! { <span class="exit running">"running"</span> })}
                                </div>
                                {(!item.output.is_empty()).then(|| view! { <pre class="command-output">{output_tail(&item.output)}</pre> })}
                            </li>
                        }.into_any()
                    }
                    ItemKind::Reasoning => view! { <li class="worklog-item reasoning"><span class="muted">"Thinking: "</span>{item.text.clone()}</li> }.into_any(),
                    ItemKind::AgentMessage => view! { <li class="worklog-item message"><div class="markdown" inner_html=markdown::render(&item.text)></div></li> }.into_any(),
                    ItemKind::Other(kind) => view! { <li class="worklog-item"><span class="muted">{kind}</span>" " {item.text.clone()}</li> }.into_any(),
                }).collect_view()}
            </ol>
        </details>
    }
}

/// Removes ANSI colour codes from terminal output.
pub fn strip_ansi(text: &str) -> String {
    strip_ansi_escapes::strip_str(text)
}

/// Lines of command output shown inline; the logs panel has them all.
pub const OUTPUT_LINES_SHOWN: usize = 200;

/// The last lines of a command's output, with a note of how many came before, so a command
/// that prints thousands of lines costs the page the same as one that prints a few.
pub fn output_tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    if lines.len() <= OUTPUT_LINES_SHOWN {
        return strip_ansi(output);
    }
    let hidden = lines.len() - OUTPUT_LINES_SHOWN;
    format!("… {hidden} earlier lines (see Logs)\n{}", strip_ansi(&lines[hidden..].join("\n")))
}
