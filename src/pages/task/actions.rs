//! Task and turn actions. Each shows that it is under way, asks first when it destroys or
//! cancels something, says what happened in a toast, and shows the server's message when it
//! fails.

use super::use_task;
use crate::api::{send, send_text, use_api};
use crate::components::toast::use_toasts;
use crate::reactive::SetIfAlive;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wham_api::git_apply;
use wham_api::models::{CreatePrRequest, Turn};
use wham_api::routes::{self, encode_component, Request};

fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|window| window.confirm_with_message(question).ok()).unwrap_or(false)
}

/// Copies text to the clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window().map(|window| window.navigator().clipboard()).ok_or("no clipboard")?;
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard".to_string())
}

/// Offers text as a file download.
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/x-diff");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make the file")?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| "no anchor")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A button that sends one request, with a pending state, a toast, and a reload after.
#[component]
fn ActionButton(
    #[prop(into)] label: String,
    #[prop(into)] pending_label: String,
    #[prop(into)] done: String,
    request: Request,
    #[prop(optional, into)] confirm_with: Option<String>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let context = use_task();
    let pending = RwSignal::new(false);
    let request = StoredValue::new(request);
    let confirm_with = StoredValue::new(confirm_with);
    let done = StoredValue::new(done);
    let run = move |_| {
        if let Some(question) = confirm_with.get_value() {
            if !confirm(&question) {
                return;
            }
        }
        pending.set(true);
        spawn_local(async move {
            let result = send_text(api, &request.get_value()).await;
            pending.set_if_alive(false);
            match result {
                Ok(_) => {
                    toasts.success(done.get_value());
                    crate::reactive::run_if_alive(context.reload);
                }
                Err(error) => toasts.error(error.message()),
            }
        });
    };
    view! {
        <button class=if danger { "button small danger" } else { "button small" } disabled=move || pending.get() aria-busy=move || pending.get().to_string() on:click=run>
            {move || if pending.get() { pending_label.clone() } else { label.clone() }}
        </button>
    }
}

/// Discards an attempt, moves the page to a remaining one, and offers Undo in the toast.
#[component]
fn DiscardButton(turn: Turn) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let context = use_task();
    let pending = RwSignal::new(false);
    let turn = StoredValue::new(turn);
    let run = move |_| {
        if !confirm("Discard this attempt?") {
            return;
        }
        pending.set(true);
        let turn = turn.get_value();
        let task_id = context.task_id.get_untracked();
        spawn_local(async move {
            let params = [("task_id", task_id.as_str()), ("turn_id", turn.id.as_str())];
            let result = send_text(api, &routes::TURN_DISCARD.request(&params)).await;
            pending.set_if_alive(false);
            match result {
                Ok(_) => {
                    // Show a remaining attempt, not the discarded one with its actions.
                    let remaining = turn.sibling_turn_ids.iter().find(|id| **id != turn.id).cloned();
                    if let (Some(user_turn), Some(remaining)) = (turn.previous_turn_id.clone(), remaining) {
                        context.choices.try_update(|choices| {
                            choices.insert(user_turn, remaining);
                        });
                    }
                    let undo_params = (task_id.clone(), turn.id.clone());
                    let undo = Callback::new(move |_| {
                        let (task_id, turn_id) = undo_params.clone();
                        spawn_local(async move {
                            let params = [("task_id", task_id.as_str()), ("turn_id", turn_id.as_str())];
                            match send_text(api, &routes::TURN_UNDO_ALL_DISCARDS.request(&params)).await {
                                Ok(_) => {
                                    toasts.success("Discard undone");
                                    crate::reactive::run_if_alive(context.reload);
                                }
                                Err(error) => toasts.error(error.message()),
                            }
                        });
                    });
                    toasts.success_with("Attempt discarded", "Undo", undo);
                    crate::reactive::run_if_alive(context.reload);
                }
                Err(error) => toasts.error(error.message()),
            }
        });
    };
    view! {
        <button class="button small danger" disabled=move || pending.get() aria-busy=move || pending.get().to_string() on:click=run>
            {move || if pending.get() { "Discarding…" } else { "Discard" }}
        </button>
    }
}

#[component]
pub fn TaskActions() -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let forking = RwSignal::new(false);
    move || {
        let Some(bundle) = context.bundle.get() else {
            return ().into_any();
        };
        let task_id = bundle.task.id.clone();
        let params = [("task_id", task_id.as_str())];
        let active = bundle.current_assistant_turn.as_ref().is_some_and(|turn| turn.status().is_active());
        let several_attempts =
            bundle.current_assistant_turn.as_ref().is_some_and(|turn| !turn.sibling_turn_ids.is_empty());
        let navigate = navigate.clone();
        let fork_id = task_id.clone();
        let fork = move |_| {
            forking.set(true);
            let navigate = navigate.clone();
            let task_id = fork_id.clone();
            spawn_local(async move {
                let result = send::<Value>(api, &routes::TASK_FORK.request(&[("task_id", &task_id)])).await;
                forking.set_if_alive(false);
                match result {
                    Ok(answer) => match answer.pointer("/task/id").and_then(Value::as_str) {
                        Some(new_id) => {
                            toasts.success("Forked into a new task");
                            navigate(&format!("/tasks/{}", encode_component(new_id)), Default::default());
                        }
                        None => toasts.success("Forked"),
                    },
                    Err(error) => toasts.error(error.message()),
                }
            });
        };
        view! {
            <div class="actions" role="group" aria-label="Task actions">
                {if bundle.task.archived {
                    view! { <ActionButton label="Unarchive" pending_label="Unarchiving…" done="Unarchived" request=routes::TASK_RECOVER.request(&params)/> }.into_any()
                } else {
                    view! { <ActionButton label="Archive" pending_label="Archiving…" done="Archived" request=routes::TASK_ARCHIVE.request(&params)/> }.into_any()
                }}
                // One Cancel per running thing: a single attempt is cancelled from its answer; the
                // task's Cancel appears when several attempts run at once.
                {(active && several_attempts).then(|| view! { <ActionButton label="Cancel all attempts" pending_label="Cancelling…" done="Task cancelled" request=routes::TASK_CANCEL.request(&params) confirm_with="Cancel every attempt of this task? The agents stop and their work so far is kept." danger=true/> })}
                <button class="button small" on:click=move |_| context.logs_for.set(Some((String::new(), None)))>"Task logs"</button>
                <button class="button small" disabled=move || forking.get() on:click=fork>{move || if forking.get() { "Forking…" } else { "Fork" }}</button>
            </div>
        }
        .into_any()
    }
}

#[component]
pub fn TurnActions(turn: Turn, is_last: Signal<bool>) -> impl IntoView {
    let context = use_task();
    let toasts = use_toasts();
    let task_id = context.task_id.get_untracked();
    let params = [("task_id", task_id.as_str()), ("turn_id", turn.id.as_str())];
    let active = turn.status().is_active();
    let has_siblings = !turn.sibling_turn_ids.is_empty();
    let discarded = turn.discarded == Some(true);
    let diff = turn.diff().map(|diff| diff.diff.clone());
    let bundle = context.bundle.get_untracked();
    let all_changes = bundle
        .as_ref()
        .and_then(|bundle| bundle.current_diff_task_turn.as_ref())
        .and_then(|turn| turn.diff())
        .map(|diff| diff.diff.clone())
        .filter(|all| Some(all) != diff.as_ref());
    // Followed as the task is re-read: after Create PR, the button becomes View PR.
    let open_pr = Memo::new(move |_| {
        context.bundle.with(|bundle| {
            bundle.as_ref().and_then(|bundle| {
                bundle
                    .task
                    .external_pull_requests
                    .iter()
                    .find(|pr| {
                        pr.pull_request.state.as_deref() != Some("closed") && pr.pull_request.merged != Some(true)
                    })
                    .cloned()
            })
        })
    });
    let short_id = task_id.chars().rev().take(8).collect::<String>().chars().rev().collect::<String>();

    // Built here from the diff, never taken from the server: the command must be one that no
    // diff content can break out of when pasted (see wham_api::git_apply).
    let copy_apply = {
        let diff = diff.clone().unwrap_or_default();
        move |_| {
            let text = git_apply::command(&diff);
            spawn_local(async move {
                match copy_to_clipboard(&text).await {
                    Ok(()) => toasts.success("Copied the git apply command"),
                    Err(error) => toasts.error(error),
                }
            });
        }
    };
    let has_diff = diff.is_some();
    let turn_id = turn.id.clone();
    let task_for_pr = task_id.clone();
    let pr_buttons = move || {
        has_diff.then(|| {
        let turn_id = turn_id.clone();
        let task_id = task_for_pr.clone();
        let params = [("task_id", task_id.as_str()), ("turn_id", turn_id.as_str())];
        match &open_pr.get() {
        Some(pr) if pr.assistant_turn_id.as_deref() != Some(turn_id.as_str()) => {
            let number = pr.pull_request.number.map(|number| format!(" #{number}")).unwrap_or_default();
            let request = routes::TURN_PR_UPDATE.request(&[("task_id", task_id.as_str()), ("turn_id", turn_id.as_str()), ("pr_id", pr.id.as_str())]);
            view! { <ActionButton label=format!("Update PR{number}") pending_label="Pushing…" done="Pull request updated" request=request/> }.into_any()
        }
        // This turn's pull request exists: the next step is to look at it.
        Some(pr) => {
            let number = pr.pull_request.number.map(|number| format!(" #{number}")).unwrap_or_default();
            pr.pull_request
                .url
                .as_deref()
                .and_then(wham_api::links::pull_request_url)
                .map(|url| view! { <a class="button small primary" href=url target="_blank" rel="noopener noreferrer">{format!("View PR{number}")}</a> }.into_any())
                .unwrap_or_else(|| ().into_any())
        }
        None => view! {
            <ActionButton label="Create draft PR" pending_label="Creating…" done="Draft pull request created" request=routes::TURN_PR_CREATE.request(&params).json(&CreatePrRequest { mode: Some("draft".into()), ..Default::default() })/>
            <ActionButton label="Create PR" pending_label="Creating…" done="Pull request created" request=routes::TURN_PR_CREATE.request(&params).json(&CreatePrRequest::default())/>
        }
        .into_any(),
        }
    })
    };
    view! {
        <div class="actions turn-actions" role="group" aria-label="Answer actions">
            {active.then(|| view! { <ActionButton label="Cancel" pending_label="Cancelling…" done="Cancelled" request=routes::TURN_CANCEL.request(&params) confirm_with="Cancel this attempt?" danger=true/> })}
            {(!active).then_some(pr_buttons)}
            {diff.clone().filter(|_| !active).map(|diff| {
                let name = format!("codex-{short_id}.patch");
                view! {
                    <button class="button small copy-git-apply" on:click=copy_apply aria-keyshortcuts="y">"Copy git apply"</button>
                    <button class="button small" on:click=move |_| { if let Err(error) = download(&name, &diff) { toasts.error(error) } else { toasts.success("Patch downloaded") } }>"Download .patch"</button>
                }
            })}
            {all_changes.filter(|_| !active && is_last.get_untracked()).map(|all| {
                let name = format!("codex-{short_id}-all.patch");
                let for_copy = all.clone();
                view! {
                    <button class="button small" on:click=move |_| {
                        let text = for_copy.clone();
                        spawn_local(async move {
                            match copy_to_clipboard(&git_apply::command(&text)).await {
                                Ok(()) => toasts.success("Copied git apply for all changes"),
                                Err(error) => toasts.error(error),
                            }
                        });
                    }>"Copy git apply (all changes)"</button>
                    <button class="button small" on:click=move |_| { if let Err(error) = download(&name, &all) { toasts.error(error) } }>"Download all changes"</button>
                }
            })}
            {(has_siblings && !discarded && !active).then(|| view! { <DiscardButton turn=turn.clone()/> })}
            {(has_siblings && discarded).then(|| view! { <ActionButton label="Undo discards" pending_label="Restoring…" done="Discards undone" request=routes::TURN_UNDO_ALL_DISCARDS.request(&params)/> })}
            <button class="button small" on:click={
                let turn_id = turn.id.clone();
                move |_| context.logs_for.set(Some((turn_id.clone(), None)))
            }>"Logs"</button>
        </div>
    }
}
