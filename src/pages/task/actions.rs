//! Task and turn actions. Each shows that it is under way, asks first when it destroys or
//! cancels something, says what happened in a toast, and shows the server's message when it
//! fails.

use super::use_task;
use crate::api::{tasks, use_api, ApiContext, ApiError, PrId, TaskId, TurnId};
use crate::browser::dialogs::{confirm, copy_to_clipboard, download};
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wham_api::git_apply;
use wham_api::models::{Turn, TurnStatus};

const CANCEL_ALL_QUESTION: &str = "Cancel every attempt of this task? The agents stop and their work so far is kept.";

/// What an [`ActionButton`] does: one endpoint each, with the ids it needs.
#[derive(Debug, Clone)]
enum Act {
    Archive,
    Recover,
    CancelTask,
    CancelTurn(TurnId),
    CreatePr { turn: TurnId, draft: bool },
    UpdatePr { turn: TurnId, pr: PrId },
    UndoDiscards(TurnId),
}

impl Act {
    async fn perform(self, api: ApiContext, task: TaskId) -> Result<(), ApiError> {
        match self {
            Act::Archive => tasks::archive(api, &task).await,
            Act::Recover => tasks::recover(api, &task).await,
            Act::CancelTask => tasks::cancel(api, &task).await,
            Act::CancelTurn(turn) => tasks::cancel_turn(api, &task, &turn).await,
            Act::CreatePr { turn, draft } => tasks::create_pr(api, &task, &turn, draft).await,
            Act::UpdatePr { turn, pr } => tasks::update_pr(api, &task, &turn, &pr).await,
            Act::UndoDiscards(turn) => tasks::undo_discards(api, &task, &turn).await,
        }
    }
}

/// A button that performs one action, with a pending state, a toast, and a reload after.
#[component]
fn ActionButton(
    #[prop(into)] label: String,
    #[prop(into)] pending_label: String,
    #[prop(into)] done: String,
    act: Act,
    #[prop(optional, into)] confirm_with: Option<String>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let context = use_task();
    let action = Action::new_local(move |act: &Act| {
        let act = act.clone();
        let task = TaskId::from(context.task_id.get_untracked());
        async move { act.perform(api, task).await }
    });
    let done = StoredValue::new(done);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            toasts.success(done.get_value());
            crate::reactive::run_if_alive(context.reload);
        }
        Some(Err(error)) => toasts.error(error.message()),
        None => {}
    });
    let act = StoredValue::new(act);
    let confirm_with = StoredValue::new(confirm_with);
    let run = move |_| {
        if let Some(question) = confirm_with.get_value() {
            if !confirm(&question) {
                return;
            }
        }
        action.dispatch(act.get_value());
    };
    let pending = action.pending();
    view! {
        <button
            class=if danger { "button small danger" } else { "button small" }
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
            on:click=run
        >
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
    let task = StoredValue::new(TaskId::from(context.task_id.get_untracked()));
    let turn = StoredValue::new(turn);
    let discard = Action::new_local(move |_: &()| {
        let turn_id = TurnId::from(turn.with_value(|turn| turn.id.clone()));
        async move { tasks::discard_turn(api, &task.get_value(), &turn_id).await }
    });
    Effect::new(move |_| match discard.value().get() {
        Some(Ok(())) => {
            // Show a remaining attempt, not the discarded one with its actions.
            let turn = turn.get_value();
            let remaining = turn.sibling_turn_ids.iter().find(|id| **id != turn.id).cloned();
            if let (Some(user_turn), Some(remaining)) = (turn.previous_turn_id.clone(), remaining) {
                context.choose_attempt(user_turn, remaining);
            }
            // The toast outlives this button (the page moves to another attempt), so Undo is a
            // plain task of its own, not an `Action` or `Callback` owned by the button.
            let (task_id, turn_id) = (task.get_value(), TurnId::from(turn.id.as_str()));
            let undo = move || {
                let (task_id, turn_id) = (task_id.clone(), turn_id.clone());
                spawn_local(async move {
                    match tasks::undo_discards(api, &task_id, &turn_id).await {
                        Ok(()) => {
                            toasts.success("Discard undone");
                            crate::reactive::run_if_alive(context.reload);
                        }
                        Err(error) => toasts.error(error.message()),
                    }
                });
            };
            toasts.success_with("Attempt discarded", "Undo", undo);
            crate::reactive::run_if_alive(context.reload);
        }
        Some(Err(error)) => toasts.error(error.message()),
        None => {}
    });
    let run = move |_| {
        if confirm("Discard this attempt?") {
            discard.dispatch(());
        }
    };
    let pending = discard.pending();
    view! {
        <button
            class="button small danger"
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
            on:click=run
        >
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
    let fork = Action::new_local(move |_: &()| {
        let task = TaskId::from(context.task_id.get_untracked());
        async move { tasks::fork(api, &task).await }
    });
    Effect::new(move |_| match fork.value().get() {
        Some(Ok(answer)) => match answer.task.map(|task| task.id).filter(|id| !id.is_empty()) {
            Some(new_id) => {
                toasts.success("Forked into a new task");
                navigate(&crate::components::task_link::task_href(&new_id), Default::default());
            }
            None => toasts.success("Forked"),
        },
        Some(Err(error)) => toasts.error(error.message()),
        None => {}
    });
    let forking = fork.pending();
    let fix_findings = super::review_fix::fix_findings_action();
    move || {
        let Some(bundle) = context.bundle.get() else {
            return ().into_any();
        };
        let active = bundle.current_assistant_turn.as_ref().is_some_and(|turn| turn.status().is_active());
        let several_attempts =
            bundle.current_assistant_turn.as_ref().is_some_and(|turn| !turn.sibling_turn_ids.is_empty());
        // A code review's finished answer can be fixed in a new task.
        let review_answer = bundle
            .current_assistant_turn
            .as_ref()
            .filter(|turn| bundle.task.is_review && turn.status() == TurnStatus::Completed && !turn.id.is_empty())
            .map(|turn| turn.id.clone());
        view! {
            <div class="actions" role="group" aria-label="Task actions">
                {review_answer
                    .map(|turn_id| view! { <super::review_fix::FixFindings start=fix_findings turn_id=turn_id /> })}
                {if bundle.task.archived {
                    view! {
                        <ActionButton
                            label="Unarchive"
                            pending_label="Unarchiving…"
                            done="Unarchived"
                            act=Act::Recover
                        />
                    }
                        .into_any()
                } else {
                    view! {
                        <ActionButton label="Archive" pending_label="Archiving…" done="Archived" act=Act::Archive />
                    }
                        .into_any()
                }}
                // One Cancel per running thing: a single attempt is cancelled from its answer; the
                // task's Cancel appears when several attempts run at once.
                {(active && several_attempts)
                    .then(|| {
                        view! {
                            <ActionButton
                                label="Cancel all attempts"
                                pending_label="Cancelling…"
                                done="Task cancelled"
                                act=Act::CancelTask
                                confirm_with=CANCEL_ALL_QUESTION
                                danger=true
                            />
                        }
                    })}
                <button class="button small" on:click=move |_| context.logs_for.set(Some((String::new(), None)))>
                    "Task logs"
                </button>
                <button
                    class="button small"
                    disabled=move || forking.get()
                    on:click=move |_| {
                        fork.dispatch(());
                    }
                >
                    {move || if forking.get() { "Forking…" } else { "Fork" }}
                </button>
            </div>
        }
        .into_any()
    }
}

/// Scrolls to the follow-up composer and puts the cursor in it.
fn focus_follow_up() {
    let field = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("follow-up-text"))
        .and_then(|field| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(field).ok());
    if let Some(field) = field {
        field.scroll_into_view();
        let _ = field.focus();
    }
}

#[component]
pub fn TurnActions(turn: Turn, is_last: Signal<bool>) -> impl IntoView {
    let context = use_task();
    let toasts = use_toasts();
    let task_id = context.task_id.get_untracked();
    let turn_key = TurnId::from(turn.id.as_str());
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
    // The service is told of the copy (`copy_git_apply`) once it has been made; that report is
    // the service's record, not the person's action, so its failure is not shown.
    let copy_apply = {
        let diff = diff.clone().unwrap_or_default();
        let (task, turn) = (TaskId::from(task_id.as_str()), turn_key.clone());
        let api = use_api();
        move |_| {
            let text = git_apply::command(&diff);
            let (task, turn) = (task.clone(), turn.clone());
            spawn_local(async move {
                match copy_to_clipboard(&text).await {
                    Ok(()) => {
                        toasts.success("Copied the git apply command");
                        let _ = tasks::copied_git_apply(api, &task, &turn).await;
                    }
                    Err(error) => toasts.error(error),
                }
            });
        }
    };
    let has_diff = diff.is_some();
    let turn_id = turn.id.clone();
    let pr_buttons = move || {
        has_diff.then(|| {
            let turn_id = turn_id.clone();
            match &open_pr.get() {
                Some(pr) if pr.assistant_turn_id.as_deref() != Some(turn_id.as_str()) => {
                    let number = pr.pull_request.number.map(|number| format!(" #{number}")).unwrap_or_default();
                    let act = Act::UpdatePr { turn: TurnId::from(turn_id.as_str()), pr: PrId::from(pr.id.as_str()) };
                    view! {
                        <ActionButton
                            label=format!("Update PR{number}")
                            pending_label="Pushing…"
                            done="Pull request updated"
                            act=act
                        />
                    }
                    .into_any()
                }
                // This turn's pull request exists: the next step is to look at it.
                Some(pr) => {
                    let number = pr.pull_request.number.map(|number| format!(" #{number}")).unwrap_or_default();
                    pr.pull_request
                        .url
                        .as_deref()
                        .and_then(wham_api::links::pull_request_url)
                        .map(|url| {
                            view! {
                                <a class="button small primary" href=url target="_blank" rel="noopener noreferrer">
                                    {format!("View PR{number}")}
                                </a>
                            }
                            .into_any()
                        })
                        .unwrap_or_else(|| ().into_any())
                }
                None => [
                    (true, "Create draft PR", "Draft pull request created"),
                    (false, "Create PR", "Pull request created"),
                ]
                .map(|(draft, label, done)| {
                    let act = Act::CreatePr { turn: TurnId::from(turn_id.as_str()), draft };
                    view! { <ActionButton label=label pending_label="Creating…" done=done act=act /> }
                })
                .into_view()
                .into_any(),
            }
        })
    };
    view! {
        <div class="actions turn-actions" role="group" aria-label="Answer actions">
            {active
                .then(|| {
                    view! {
                        <ActionButton
                            label="Cancel"
                            pending_label="Cancelling…"
                            done="Cancelled"
                            act=Act::CancelTurn(turn_key.clone())
                            confirm_with="Cancel this attempt?"
                            danger=true
                        />
                    }
                })}
            {(!active).then_some(pr_buttons)}
            {diff
                .clone()
                .filter(|_| !active)
                .map(|diff| {
                    let name = format!("codex-{short_id}.patch");
                    view! {
                        <button class="button small copy-git-apply" on:click=copy_apply aria-keyshortcuts="y">
                            "Copy git apply"
                        </button>
                        <button
                            class="button small"
                            on:click=move |_| {
                                if let Err(error) = download(&name, &diff) {
                                    toasts.error(error)
                                } else {
                                    toasts.success("Patch downloaded")
                                }
                            }
                        >
                            "Download .patch"
                        </button>
                    }
                })}
            {all_changes
                .filter(|_| !active && is_last.get_untracked())
                .map(|all| {
                    let name = format!("codex-{short_id}-all.patch");
                    let for_copy = all.clone();
                    view! {
                        <button
                            class="button small"
                            on:click=move |_| {
                                let text = for_copy.clone();
                                spawn_local(async move {
                                    match copy_to_clipboard(&git_apply::command(&text)).await {
                                        Ok(()) => toasts.success("Copied git apply for all changes"),
                                        Err(error) => toasts.error(error),
                                    }
                                });
                            }
                        >
                            "Copy git apply (all changes)"
                        </button>
                        <button
                            class="button small"
                            on:click=move |_| {
                                if let Err(error) = download(&name, &all) {
                                    toasts.error(error)
                                }
                            }
                        >
                            "Download all changes"
                        </button>
                    }
                })}
            {(has_siblings && !discarded && !active).then(|| view! { <DiscardButton turn=turn.clone() /> })}
            {(has_siblings && discarded)
                .then(|| {
                    view! {
                        <ActionButton
                            label="Undo discards"
                            pending_label="Restoring…"
                            done="Discards undone"
                            act=Act::UndoDiscards(turn_key.clone())
                        />
                    }
                })}
            // The follow-up composer sits after the conversation; this brings it into reach
            // from the top of a long answer.
            {move || {
                (!active && is_last.get())
                    .then(|| {
                        view! {
                            <button class="button small" on:click=move |_| focus_follow_up()>
                                "Follow up"
                            </button>
                        }
                    })
            }}
        </div>
    }
}
