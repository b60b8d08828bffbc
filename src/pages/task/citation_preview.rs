//! Citations behave one way wherever they appear (a chip under an answer, a link inside it, a
//! marker in the agent's activity): a file opens its preview here, with "Open on GitHub" as
//! an explicit link to a new tab; terminal output opens the turn's logs at the cited lines.

use super::{use_task, TaskContext};
use crate::citations::{github_blob_url, parse_file_fragment, parse_log_fragment, snapshot_lines, Lines};
use crate::markdown;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wham_api::models::{OutputItem, PartialRepoSnapshot, Turn};

/// A cited file as the preview shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePreview {
    pub path: String,
    pub lines: Lines,
    /// The file on GitHub at the turn's commit, when the URL policy allows one.
    pub github: Option<String>,
    /// The cited lines from the turn's repository snapshot, or why there are none.
    pub snippet: Result<Vec<(usize, String)>, String>,
}

impl FilePreview {
    /// The lines of `path` that `turn` cited, from its snapshot.
    pub fn of(turn: &Turn, path: &str, lines: Lines) -> FilePreview {
        let git_ref = turn.base_commit_sha.clone().or(turn.branch.clone());
        let snapshots: Vec<&PartialRepoSnapshot> = turn
            .output_items
            .iter()
            .filter_map(|item| match item {
                OutputItem::PartialRepoSnapshot(snapshot) => Some(snapshot),
                _ => None,
            })
            .collect();
        FilePreview {
            path: path.to_string(),
            lines,
            github: github_blob_url(turn.environment.as_ref(), git_ref.as_deref(), path, lines)
                .filter(|url| markdown::is_safe_url(url)),
            snippet: snapshot_lines(&snapshots, path, lines),
        }
    }
}

/// Follows a click on a citation link inside rendered agent text (`#file-…` or `#log-…`);
/// any other link is left to the browser.
pub fn follow_citation(context: TaskContext, turn: &Turn, event: &leptos::ev::MouseEvent) {
    let Some(anchor) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a").ok().flatten())
    else {
        return;
    };
    let Some(href) = anchor.get_attribute("href") else { return };
    if let Some(lines) = parse_log_fragment(&href) {
        event.prevent_default();
        context.logs_for.set(Some((turn.id.clone(), Some(lines))));
    } else if let Some((path, lines)) = parse_file_fragment(&href) {
        event.prevent_default();
        context.file_preview.set(Some(FilePreview::of(turn, &path, lines)));
    }
}

/// The preview of the cited file the person opened, over the page; Esc, Close or a click
/// outside closes it.
#[component]
pub fn CitationPreview() -> impl IntoView {
    let context = use_task();
    let escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" && context.file_preview.try_with_untracked(Option::is_some) == Some(true) {
            context.file_preview.try_set(None);
        }
    });
    on_cleanup(move || escape.remove());
    move || context.file_preview.get().map(|preview| view! { <PreviewDialog preview=preview /> })
}

#[component]
fn PreviewDialog(preview: FilePreview) -> impl IntoView {
    let context = use_task();
    let close = move |_| context.file_preview.set(None);
    // Keyboard focus moves into the dialog, so Tab and Enter act on it.
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    let title = format!("{}:{}", preview.path, preview.lines.label());
    view! {
        <div class="dialog-backdrop" on:click=close>
            <div
                class="dialog file-preview"
                role="dialog"
                aria-modal="true"
                aria-labelledby="file-preview-title"
                on:click=|event| event.stop_propagation()
            >
                <h2 id="file-preview-title" class="file-preview-title">
                    {title}
                </h2>
                {match preview.snippet {
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
                <div class="form-actions">
                    {preview
                        .github
                        .map(|url| {
                            view! {
                                <a
                                    class="button small citation-link"
                                    href=url
                                    target="_blank"
                                    rel="noopener noreferrer"
                                >
                                    "Open on GitHub ↗"
                                </a>
                            }
                        })} <button class="button small" on:click=close node_ref=close_button>
                        "Close"
                    </button>
                </div>
            </div>
        </div>
    }
}
