//! What the agent did: the legacy `worklog` (commentary collapsed, the final message prominent,
//! reasoning status) and the newer `thread_events` (messages, reasoning summaries, commands
//! with output and exit status, the plan), errors shown plainly.

use super::citation_preview::follow_citation;
use crate::markdown;
use leptos::prelude::*;
use wham_api::models::{OutputItem, Turn, WorklogMessage};
use wham_model::thread::{ItemKind, ThreadItem, ThreadState};

/// Agent text as markdown with its inline citations (`【F:path†L1-L3】`) made into the same links
/// the answer has, never shown raw.
fn render_cited(text: &str) -> String {
    markdown::render(&crate::citations::link_inline(text))
}

/// What the agent did. The parts are reactive, so a live turn updates in place: a section the
/// person collapsed stays collapsed, and only the items that changed are redrawn.
#[component]
pub fn WorkLog(
    /// The turn (its history is not read: `thread` has the thread events reduced).
    #[prop(into)]
    turn: Signal<Turn>,
    #[prop(into)] thread: Signal<ThreadState>,
) -> impl IntoView {
    let running = Memo::new(move |_| turn.with(|turn| turn.status().is_active()));
    let has_message = Memo::new(move |_| {
        turn.with(|turn| turn.output_items.iter().any(|item| matches!(item, OutputItem::Message(_))))
    });
    let messages = Memo::new(move |_| turn.with(|turn| turn.worklog.clone().unwrap_or_default().messages));
    // The final worklog message is the answer when the turn has no message item yet.
    let final_message = Memo::new(move |_| {
        messages.with(|messages| {
            messages.iter().rev().find(|message| message.channel.as_deref() == Some("final")).map(WorklogMessage::text)
        })
    });
    let commentary = Memo::new(move |_| {
        messages.with(|messages| {
            messages.iter().filter(|message| message.channel.as_deref() != Some("final")).cloned().collect::<Vec<_>>()
        })
    });
    let reasoning = Memo::new(move |_| {
        messages.with(|messages| {
            messages
                .iter()
                .rev()
                .find_map(|message| message.metadata.as_ref().and_then(|metadata| metadata.reasoning_status.clone()))
        })
    });
    let has_thread = Memo::new(move |_| thread.with(|thread| !thread.items.is_empty() || !thread.plan.is_empty()));
    // A turn may carry its activity twice, as thread events and as the older worklog, in the
    // same words: the worklog's commentary is shown only when there are no thread events.
    let legacy_shown = Memo::new(move |_| !has_thread.get() && commentary.with(|commentary| !commentary.is_empty()));
    let context = super::use_task();
    // Citation markers in the agent's words open the preview or the logs, as in the answer.
    let on_click =
        move |event: leptos::ev::MouseEvent| turn.with_untracked(|turn| follow_citation(context, turn, &event));

    view! {
        <div class="activity" on:click=on_click>
            {move || {
                final_message
                    .get()
                    .filter(|_| !has_message.get())
                    .map(|text| {
                        view! { <div class="markdown final-message" inner_html=render_cited(&text)></div> }
                    })
            }}
            <Show when=move || has_thread.get()>
                <ThreadView thread=thread running=running />
            </Show>
            <Show when=move || legacy_shown.get()>
                <details class="worklog" open=true>
                    <summary>
                        "Work log (" {move || commentary.with(Vec::len)} ")"
                        {move || {
                            reasoning
                                .get()
                                .filter(|_| running.get())
                                .and_then(|status| reasoning_words(&status))
                                .map(|words| format!(" · {words}"))
                        }}
                    </summary>
                    <ol class="worklog-list">
                        <For
                            each=move || commentary.get().into_iter().enumerate()
                            key=|(index, message)| (*index, message.text())
                            let:entry
                        >
                            <CommentaryItem html=render_cited(&entry.1.text()) message=entry.1 />
                        </For>
                    </ol>
                </details>
            </Show>
            <Show when=move || !has_thread.get() && !legacy_shown.get() && final_message.with(Option::is_none)>
                <p class="muted tool-empty">"No activity recorded."</p>
            </Show>
        </div>
    }
}

#[component]
fn CommentaryItem(message: WorklogMessage, html: String) -> impl IntoView {
    let channel = channel_class(message.channel.as_deref());
    let failed = message.metadata.as_ref().and_then(|metadata| metadata.error.clone()).filter(|error| !error.is_null());
    view! {
        <li class=format!("worklog-item {channel}")>
            <div class="markdown" inner_html=html></div>
            {failed.map(|error| view! { <p class="turn-error">{error.to_string()}</p> })}
        </li>
    }
}

#[component]
fn ThreadView(thread: Signal<ThreadState>, running: Memo<bool>) -> impl IntoView {
    let plan = Memo::new(move |_| thread.with(|thread| thread.plan.clone()));
    let errors = Memo::new(move |_| thread.with(|thread| thread.errors.clone()));
    let item_ids =
        Memo::new(move |_| thread.with(|thread| thread.items.iter().map(|item| item.id.clone()).collect::<Vec<_>>()));
    view! {
        {move || {
            plan.with(|plan| {
                (!plan.is_empty())
                    .then(|| {
                        view! {
                            <ol class="plan" aria-label="Plan">
                                {plan
                                    .iter()
                                    .map(|(step, status)| {
                                        view! {
                                            <li class=format!(
                                                "plan-step {}",
                                                plan_class(&shown_status(status, running.get())),
                                            )>
                                                <span class="plan-mark" aria-hidden="true">
                                                    {match shown_status(status, running.get()).as_str() {
                                                        "completed" => "✓",
                                                        "in_progress" => "▶",
                                                        _ => "○",
                                                    }}
                                                </span>
                                                " "
                                                {step.clone()}
                                                <span class="visually-hidden">
                                                    {format!(
                                                        " ({})",
                                                        shown_status(status, running.get()).replace('_', " "),
                                                    )}
                                                </span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        }
                    })
            })
        }}
        {move || {
            errors
                .get()
                .into_iter()
                .map(|error| {
                    view! {
                        <p class="turn-error" role="alert">
                            {error}
                        </p>
                    }
                })
                .collect_view()
        }}
        <details class="worklog" open=true>
            <summary>"Agent activity (" {move || item_ids.with(Vec::len)} ")"</summary>
            <ol class="worklog-list">
                // Keyed by id: an item that grows (a command's output, a message's text) updates
                // in place; the others are left alone.
                <For each=move || item_ids.get() key=String::clone let:id>
                    <ThreadItemView item=Memo::new(move |_| {
                        thread.with(|thread| thread.items.iter().find(|item| item.id == id).cloned())
                    }) />
                </For>
            </ol>
        </details>
    }
}

#[component]
fn ThreadItemView(item: Memo<Option<ThreadItem>>) -> impl IntoView {
    let kind = Memo::new(move |_| item.with(|item| item.as_ref().map(|item| item.kind.clone())));
    let text = Memo::new(move |_| item.with(|item| item.as_ref().map(|item| item.text.clone()).unwrap_or_default()));
    move || {
        match kind.get() {
            None => ().into_any(),
            Some(ItemKind::Command) => {
                let exit_code = Memo::new(move |_| item.with(|item| item.as_ref().and_then(|item| item.exit_code)));
                let output = Memo::new(move |_| {
                    item.with(|item| item.as_ref().map(|item| output_tail(&item.output)).unwrap_or_default())
                });
                view! {
                    <li class="worklog-item command">
                        <div class="command-line">
                            <code>"$ " {move || text.get()}</code>
                            {move || match exit_code.get() {
                                Some(code) => {
                                    view! {
                                        <span class=if code == 0 {
                                            "exit"
                                        } else {
                                            "exit exit-failed"
                                        }>{format!("exit {code}")}</span>
                                    }
                                        .into_any()
                                }
                                None => view! { <span class="exit running">"running"</span> }.into_any(),
                            }}
                        </div>
                        <Show when=move || output.with(|output| !output.is_empty())>
                            // The newest lines are at the bottom, and the box opens scrolled there
                            // (see `.command-output` in the style sheet).
                            <pre class="command-output">
                                <code>{move || output.get()}</code>
                            </pre>
                        </Show>
                    </li>
                }
                .into_any()
            }
            Some(ItemKind::Reasoning) => view! {
                <li class="worklog-item reasoning">
                    <span class="muted">"Thinking: "</span>
                    {move || text.get()}
                </li>
            }
            .into_any(),
            Some(ItemKind::AgentMessage) => view! {
                <li class="worklog-item message">
                    <div class="markdown" inner_html=move || render_cited(&text.get())></div>
                </li>
            }
            .into_any(),
            Some(ItemKind::Other(kind)) => view! {
                <li class="worklog-item">
                    <span class="muted">{kind}</span>
                    " "
                    {move || text.get()}
                </li>
            }
            .into_any(),
        }
    }
}

/// The class for a worklog channel, from a fixed set: the agent's text never reaches `class`
/// (`"x dialog-backdrop"` would turn an item into a page overlay).
pub fn channel_class(channel: Option<&str>) -> &'static str {
    match channel {
        Some("final") => "channel-final",
        Some("commentary") => "channel-commentary",
        Some("analysis") => "channel-analysis",
        _ => "channel-note",
    }
}

/// A reasoning status in plain words while the turn runs; `None` for one not worth saying.
pub fn reasoning_words(status: &str) -> Option<&'static str> {
    match status {
        "is_reasoning" | "reasoning" | "in_progress" => Some("thinking"),
        _ => None,
    }
}

/// A plan step's status as it is now: once the turn has stopped, a step still "in progress"
/// was stopped with it (a cancelled turn shows no step running).
pub fn shown_status(status: &str, running: bool) -> String {
    match status {
        "completed" => "completed".into(),
        "in_progress" | "inProgress" if running => "in_progress".into(),
        "in_progress" | "inProgress" => "stopped".into(),
        _ => "pending".into(),
    }
}

/// The class for a plan step's status, from a fixed set.
pub fn plan_class(status: &str) -> &'static str {
    match status {
        "completed" => "plan-completed",
        "in_progress" | "inProgress" => "plan-in_progress",
        "stopped" => "plan-stopped",
        _ => "plan-pending",
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
