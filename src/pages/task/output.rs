//! An assistant turn's answer: its messages as safe markdown (inline citations linked), the
//! structured citations as chips (files link to GitHub with a preview from the repository
//! snapshot; terminal output opens the logs at those lines), and its error, plainly.

use super::use_task;
use crate::citations::{github_blob_url, link_inline, parse_log_fragment, snapshot_lines, Lines};
use crate::markdown;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wham_api::models::{ContentPart, OutputItem, PartialRepoSnapshot, Turn};

#[component]
pub fn AssistantOutput(turn: Turn) -> impl IntoView {
    let context = use_task();
    let environment = turn.environment.clone();
    let git_ref = turn.base_commit_sha.clone().or(turn.branch.clone());
    let snapshots: Vec<PartialRepoSnapshot> = turn
        .output_items
        .iter()
        .filter_map(|item| match item {
            OutputItem::PartialRepoSnapshot(snapshot) => Some(snapshot.clone()),
            _ => None,
        })
        .collect();
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

    let open_logs_click = open_logs.clone();
    // Clicks on `#log-…` links inside rendered markdown open the logs panel instead.
    let on_markdown_click = move |event: leptos::ev::MouseEvent| {
        let Some(anchor) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a").ok().flatten())
        else {
            return;
        };
        if let Some(lines) = anchor.get_attribute("href").as_deref().and_then(parse_log_fragment) {
            event.prevent_default();
            open_logs_click(lines);
        }
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
                let html = markdown::render(&link_inline(&text, environment.as_ref(), git_ref.as_deref()));
                let citations: Vec<ContentPart> = message
                    .content
                    .iter()
                    .filter(|part| {
                        matches!(part, ContentPart::RepoFileCitation(_) | ContentPart::TerminalChunkCitation(_))
                    })
                    .cloned()
                    .collect();
                let environment = environment.clone();
                let git_ref = git_ref.clone();
                let snapshots = snapshots.clone();
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
                                                    let url = github_blob_url(
                                                        environment.as_ref(),
                                                        git_ref.as_deref(),
                                                        &citation.path,
                                                        lines,
                                                    );
                                                    let snapshot_refs: Vec<&PartialRepoSnapshot> = snapshots
                                                        .iter()
                                                        .collect();
                                                    let preview = snapshot_lines(&snapshot_refs, &citation.path, lines);
                                                    view! {
                                                        <li>
                                                            <FileCitation
                                                                path=citation.path.clone()
                                                                lines=lines
                                                                url=url
                                                                preview=preview
                                                            />
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

/// A file citation: a link to the file at the turn's commit, and its lines when the snapshot
/// has them (or why not).
#[component]
fn FileCitation(
    path: String,
    lines: Lines,
    url: Option<String>,
    preview: Result<Vec<(usize, String)>, String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let label = format!("{path}:{}", lines.label());
    view! {
        <div class="file-citation">
            <button
                class="chip chip-file"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {label.clone()}
            </button>
            {url
                .filter(|url| markdown::is_safe_url(url))
                .map(|url| {
                    view! {
                        <a class="citation-link" href=url target="_blank" rel="noopener noreferrer">
                            "Open on GitHub"
                        </a>
                    }
                })}
            <Show when=move || {
                open.get()
            }>
                {match preview.clone() {
                    Ok(lines) => {
                        view! {
                            <pre class="snippet">
                                {lines
                                    .into_iter()
                                    .map(|(number, text)| {
                                        view! {
                                            <span class="snippet-line">
                                                <span class="line-number">{number}</span>
                                                {text}
                                                "\n"
                                            </span>
                                        }
                                    })
                                    .collect_view()}
                            </pre>
                        }
                            .into_any()
                    }
                    Err(reason) => view! { <p class="muted snippet-missing">{reason}</p> }.into_any(),
                }}
            </Show>
        </div>
    }
}
