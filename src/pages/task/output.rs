//! An assistant turn's answer: its messages as safe markdown (inline citations linked), the
//! structured citations as chips (a file opens its preview, with its GitHub link beside it;
//! terminal output opens the logs at those lines), and its error, plainly.

use super::citation_preview::{follow_citation, FilePreview};
use super::use_task;
use crate::citations::{link_inline, Lines};
use crate::markdown;
use leptos::prelude::*;
use std::sync::Arc;
use wham_api::models::{ContentPart, OutputItem, Turn};

#[component]
pub fn AssistantOutput(turn: Turn) -> impl IntoView {
    let context = use_task();
    let turn_id = turn.id.clone();
    let open_logs = move |lines: Lines| context.logs_for.set(Some((turn_id.clone(), Some(lines))));

    let messages: Vec<_> = turn
        .output_items
        .iter()
        .filter_map(|item| match item {
            OutputItem::Message(message) => Some(message.clone()),
            _ => None,
        })
        .collect();
    let error = turn.error.as_ref().map(|error| error.message());
    let unknown: Vec<String> = turn
        .output_items
        .iter()
        .filter_map(|item| match item {
            OutputItem::Unknown(value) => {
                Some(value.get("type").and_then(|kind| kind.as_str()).unwrap_or("unknown").to_string())
            }
            _ => None,
        })
        .collect();

    // The turn, shared by the click handlers (a citation's preview reads its snapshot).
    let cited = Arc::new(turn.clone());
    let on_markdown_click = {
        let cited = cited.clone();
        move |event: leptos::ev::MouseEvent| follow_citation(context, &cited, &event)
    };

    view! {
        {error
            .map(|error| {
                view! {
                    <p class="turn-error" role="alert">
                        <strong>"Error: "</strong>
                        {error}
                    </p>
                }
            })}
        {messages
            .into_iter()
            .map(|message| {
                let text: String = message
                    .content
                    .iter()
                    .filter_map(ContentPart::plain_text)
                    .collect::<Vec<_>>()
                    .join("\n");
                let html = markdown::render(&link_inline(&text));
                let citations: Vec<ContentPart> = message
                    .content
                    .iter()
                    .filter(|part| {
                        matches!(part, ContentPart::RepoFileCitation(_) | ContentPart::TerminalChunkCitation(_))
                    })
                    .cloned()
                    .collect();
                let cited = cited.clone();
                let open_logs = open_logs.clone();
                view! {
                    <div class="message">
                        <div class="markdown" inner_html=html on:click=on_markdown_click.clone()></div>
                        {(!citations.is_empty())
                            .then(|| {
                                view! {
                                    <ul class="citations" aria-label="Citations">
                                        {citations
                                            .into_iter()
                                            .map(|part| match part {
                                                ContentPart::RepoFileCitation(citation) => {
                                                    let lines = Lines::new(
                                                        citation.line_range_start,
                                                        citation.line_range_end,
                                                    );
                                                    let preview = FilePreview::of(&cited, &citation.path, lines);
                                                    view! {
                                                        <li>
                                                            <FileCitation preview=preview />
                                                        </li>
                                                    }
                                                        .into_any()
                                                }
                                                ContentPart::TerminalChunkCitation(citation) => {
                                                    let lines = Lines::new(
                                                        citation.line_range_start,
                                                        citation.line_range_end,
                                                    );
                                                    let open_logs = open_logs.clone();
                                                    view! {
                                                        <li>
                                                            <button
                                                                class="chip chip-terminal"
                                                                on:click=move |_| open_logs(lines)
                                                                title=format!(
                                                                    "Terminal output {}",
                                                                    citation.terminal_chunk_id,
                                                                )
                                                            >
                                                                "terminal "
                                                                {lines.label()}
                                                            </button>
                                                        </li>
                                                    }
                                                        .into_any()
                                                }
                                                _ => ().into_any(),
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                    </div>
                }
            })
            .collect_view()}
        {(!unknown.is_empty())
            .then(|| {
                view! { <p class="muted">"Also produced: " {unknown.join(", ")} " (not shown by this version)"</p> }
            })}
    }
}

/// A file citation: a chip that opens its preview, and the file on GitHub beside it.
#[component]
fn FileCitation(preview: FilePreview) -> impl IntoView {
    let context = use_task();
    let label = format!("{}:{}", preview.path, preview.lines.label());
    let github = preview.github.clone();
    view! {
        <div class="file-citation">
            <button
                class="chip chip-file"
                aria-haspopup="dialog"
                on:click=move |_| context.file_preview.set(Some(preview.clone()))
            >
                {label}
            </button>
            {github
                .map(|url| {
                    view! {
                        <a class="citation-link" href=url target="_blank" rel="noopener noreferrer">
                            "Open on GitHub ↗"
                        </a>
                    }
                })}
        </div>
    }
}
