//! `/tasks/:task_id`: the task with its conversation (user turns and assistant attempts as a
//! tree), each answer's output, work log, logs and diff, and every action.

mod actions;
mod address;
mod citation_preview;
mod diff_view;
mod failure;
mod follow_up;
mod keyboard;
mod live_turn;
mod logs;
mod output;
mod pacing;
mod review_fix;
mod tools;
mod work;

use crate::api::{use_api, ApiContext, ApiError, TaskId, TurnId};
use crate::components::diff_stats::diff_stats_badge;
use crate::components::load_states::ErrorNotice;
use crate::components::load_states::{ErrorView, Loading, Missing};
use crate::components::page_title::PageTitle;
use crate::components::pr_links::PrLinks;
use crate::components::relative_time::RelativeTime;
use crate::components::revealed::HiddenCharacterWarning;
use crate::components::status::{code_review_badge, StatusBadge};
use crate::components::task_link::TaskTitle;
use crate::reactive::SetIfAlive;
use actions::{TaskActions, TurnActions};
use follow_up::FollowUpComposer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use logs::LogsPanel;
use output::AssistantOutput;
use std::collections::HashMap;
use std::sync::Arc;
use tools::TurnTools;
use wham_api::models::{TaskBundle, Turn, TurnMappingResponse, TurnStatus};
use wham_model::thread::ThreadState;
use wham_model::time_text::seconds;
use wham_model::turn_tree::{conversation, Round, TurnTree};
use work::WorkLog;

/// What every part of the task page shares.
#[derive(Clone, Copy)]
pub struct TaskContext {
    pub task_id: Signal<String>,
    pub bundle: RwSignal<Option<TaskBundle>>,
    /// The turn tree (`turn_mapping`), each turn shared rather than copied.
    pub turns: RwSignal<Option<TurnTree>>,
    /// The attempt chosen for each user turn (best-of-N tabs).
    pub choices: RwSignal<HashMap<String, String>>,
    /// The logs panel: which turn, and the cited lines to highlight.
    pub logs_for: RwSignal<Option<(String, Option<crate::citations::Lines>)>>,
    /// Re-reads the bundle and the turns.
    pub reload: Callback<()>,
    /// Re-reads the bundle only (the task's title, status, diff stats, pull requests).
    pub reload_task: Callback<()>,
    /// Text to put in the follow-up composer (and focus it): "Retry as a follow-up".
    pub follow_up_prefill: RwSignal<Option<String>>,
    /// The latest status of each turn still running when the page loaded: written by its live
    /// view, or by re-reading the attempts not on screen. The header, the attempt tabs and the
    /// answer all read it, so they never disagree (and the tree is not rebuilt for it).
    pub statuses: RwSignal<HashMap<String, TurnStatus>>,
    /// The turns a live view is streaming now (those need no re-reading).
    pub streaming: RwSignal<std::collections::HashSet<String>>,
    /// Diffs side by side: the person's git diff preference (Settings → Preferences).
    pub split_diffs: Signal<bool>,
    /// The attempt and tab named in the page's address.
    pub address: address::TaskAddress,
    /// The cited file whose preview is open.
    pub file_preview: RwSignal<Option<citation_preview::FilePreview>>,
    /// False until the first of the tasks after the page first built its answers: their tools'
    /// panels (a diff, logs or activity) are built in those, not in the answers' own task;
    /// panels built later are built at once (see `TurnTools`).
    pub tools_ready: StoredValue<bool>,
    /// The rounds below the first, built one a frame on the page's first build (`pacing`).
    pub round_pacing: StoredValue<pacing::RoundPacing>,
}

impl TaskContext {
    /// Shows `attempt` as the answer to the prompt `user_turn`, and names it in the address.
    pub fn choose_attempt(self, user_turn: String, attempt: String) {
        self.address.choose_attempt(&attempt);
        self.choices.update(|choices| {
            choices.insert(user_turn, attempt);
        });
    }

    /// A turn's status as the page knows it now.
    pub fn status_of(self, turn_id: &str, loaded: TurnStatus) -> TurnStatus {
        self.statuses.with(|statuses| statuses.get(turn_id).cloned()).unwrap_or(loaded)
    }
}

impl TaskContext {
    /// Shows a fresh copy of one turn (read after its live stream ended) without re-reading
    /// the whole task, whose bundle holds that long turn twice more: the tree is patched, and
    /// so is the header when the turn is the task's current one (its status and diff
    /// statistics are the turn's). Otherwise the page re-reads the task (or everything, for a
    /// turn it does not hold). Whether the turn tree was patched (the turn's view is replaced).
    pub fn replace_turn(self, fresh: Turn) -> bool {
        let mut header_patched = false;
        self.bundle.update_if_alive(|bundle| {
            let Some(bundle) = bundle.as_mut() else { return };
            let Some(current) = bundle.current_assistant_turn.as_mut().filter(|current| current.id == fresh.id) else {
                return;
            };
            *current = fresh.without_history();
            let metadata = bundle.task.denormalized_metadata.get_or_insert_with(Default::default);
            metadata.last_turn_status = Some(fresh.status());
            if fresh.diff_stats.is_some() {
                metadata.diff_stats = fresh.diff_stats.clone();
            }
            header_patched = true;
        });
        let mut replaced = false;
        self.turns.update_if_alive(|turns| replaced = turns.as_mut().is_some_and(|turns| turns.replace_turn(fresh)));
        if !replaced {
            crate::reactive::run_if_alive(self.reload);
        } else if !header_patched {
            crate::reactive::run_if_alive(self.reload_task);
        }
        replaced
    }
}

pub fn use_task() -> TaskContext {
    expect_context::<TaskContext>()
}

/// Reads a task and its turn tree at once.
async fn load_task(api: ApiContext, task: TaskId) -> Result<(TaskBundle, TurnMappingResponse), ApiError> {
    let (bundle, turns) =
        futures::future::join(crate::api::tasks::bundle(api, &task), crate::api::tasks::turns(api, &task)).await;
    // The page is built from them in a task of its own, not in the task that decoded the
    // later answer: together they were one task of 34–45 ms on a cold open (profiled: the
    // bundle's decoding 18–28 ms, V8 compiling the decoder on first call, then the header).
    crate::browser::tasks::next_task().await;
    Ok((bundle?, turns?))
}

#[component]
pub fn TaskPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let task_id = Signal::derive(move || params.read().get("task_id").unwrap_or_default());
    let bundle = RwSignal::new(None::<TaskBundle>);
    let turns = RwSignal::new(None::<TurnTree>);
    // The task and its turn tree, read together; a new task id reads again, and an answer for
    // a task the page has left is dropped by the resource, not shown.
    let loaded = LocalResource::new(move || load_task(api, TaskId::from(task_id.get())));
    // The header alone, re-read after an action (the tree is patched in place by live views).
    let header_wanted = RwSignal::new(0u32);
    let header = LocalResource::new(move || {
        let wanted = header_wanted.get();
        let id = TaskId::from(task_id.get_untracked());
        async move {
            match wanted {
                0 => None,
                _ => crate::api::tasks::bundle(api, &id).await.ok(),
            }
        }
    });
    // What was read becomes the page's state. The bundle and tree stay signals (not the
    // resource's value) because the page patches them as turns stream: a title, a status, a
    // turn read afresh at its end.
    Effect::new(move |_| {
        // The bundle is read without its turns' history (`api::tasks::bundle`): the header and
        // actions need none (the conversation has the turns), and it is copied whenever the
        // header re-renders.
        //
        // The conversation is built in a task after the header's: built together, a task's
        // page opened by its address was one main-thread task of 60–90 ms (V8 compiling the
        // page's code on first call, then running it).
        //
        // The answer is taken out of the resource, not copied (`get`): it is the whole turn
        // tree with every turn's events, and its copy was 5-9 ms of the task that builds the
        // page (profiled, a task of nine answers opened cold). Taken without notifying, and
        // only once it is in: a write to a resource drops the answer it is waiting for. An
        // error stays for `error` below; a re-read (`refetch`) fills it again.
        if !loaded.with(|answer| matches!(answer, Some(Ok(_)))) {
            return;
        }
        if let Some(Some(Ok((fresh_bundle, fresh_turns)))) = loaded.try_update_untracked(Option::take) {
            bundle.set(Some(fresh_bundle));
            let for_task = task_id.get_untracked();
            crate::browser::tasks::queue_task(move || {
                // Not if the page moved to another task meanwhile.
                if task_id.try_get_untracked().as_ref() == Some(&for_task) {
                    turns.try_set(Some(TurnTree::from(fresh_turns)));
                }
            });
        }
    });
    Effect::new(move |_| {
        // A failure here is not worth a banner: the page already shows the turn.
        if let Some(Some(fresh)) = header.get() {
            bundle.set(Some(fresh));
        }
    });
    let error =
        Memo::new(move |_| loaded.with(|result| result.as_ref().and_then(|result| result.as_ref().err().cloned())));
    let reload = Callback::new(move |_| loaded.refetch());
    let reload_task = Callback::new(move |_| header_wanted.update(|wanted| *wanted += 1));
    // Unified until the preference is read (and if it cannot be).
    let preferences = LocalResource::new(move || crate::api::account::user_settings(api));
    let context = TaskContext {
        task_id,
        bundle,
        turns,
        choices: RwSignal::new(HashMap::new()),
        logs_for: RwSignal::new(None),
        reload,
        reload_task,
        follow_up_prefill: RwSignal::new(None),
        statuses: RwSignal::new(HashMap::new()),
        streaming: RwSignal::new(Default::default()),
        split_diffs: Signal::derive(move || {
            preferences.with(|read| {
                read.as_ref().and_then(|read| read.as_ref().ok()).and_then(|settings| settings.git_diff_mode.as_deref())
                    == Some("split")
            })
        }),
        address: address::TaskAddress::new(),
        file_preview: RwSignal::new(None),
        tools_ready: StoredValue::new(false),
        round_pacing: StoredValue::new(Default::default()),
    };
    provide_context(context);

    // Every attempt of a running task is followed until it ends: the one on screen by its live
    // view, the others by re-reading them every few seconds.
    let follower = set_interval_with_handle(
        move || {
            let streaming = context.streaming.get_untracked();
            let waiting: Vec<String> = turns
                .with_untracked(|tree| tree.as_ref().map(TurnTree::active_assistant_turns).unwrap_or_default())
                .into_iter()
                .filter(|id| !streaming.contains(id))
                .filter(|id| {
                    context.statuses.with_untracked(|statuses| statuses.get(id).is_none_or(TurnStatus::is_active))
                })
                .collect();
            let task_id = TaskId::from(task_id.get_untracked());
            for turn_id in waiting {
                let task_id = task_id.clone();
                spawn_local(async move {
                    if let Ok(fresh) =
                        crate::api::tasks::turn_without_history(api, &task_id, &TurnId::from(turn_id.as_str())).await
                    {
                        let status = fresh.status();
                        context.statuses.try_update(|statuses| {
                            if statuses.get(&turn_id) != Some(&status) {
                                statuses.insert(turn_id, status);
                            }
                        });
                    }
                });
            }
        },
        std::time::Duration::from_secs(3),
    )
    .ok();
    on_cleanup(move || {
        if let Some(follower) = follower {
            follower.clear();
        }
    });

    // A new task id (navigation between tasks) starts afresh.
    Effect::new(move |_| {
        task_id.track();
        bundle.set(None);
        turns.set(None);
        context.choices.set(HashMap::new());
        context.logs_for.set(None);
        context.file_preview.set(None);
        context.statuses.set(HashMap::new());
    });

    // Opening a task marks it read.
    Effect::new(move |previous: Option<String>| {
        let id = task_id.get();
        let unread = bundle
            .with(|bundle| bundle.as_ref().is_some_and(|bundle| bundle.task.has_unread_turn && bundle.task.id == id));
        if unread && previous.as_deref() != Some(id.as_str()) {
            let task = TaskId::from(id.clone());
            spawn_local(async move {
                let _ = crate::api::tasks::mark_read(api, &task).await;
            });
            return id;
        }
        previous.unwrap_or_default()
    });

    // Memos: the page below is rebuilt only when it goes from loading to loaded (or failed),
    // not on every change of the task, which would restart a live stream. (A `Suspense` over
    // the resource would rebuild it on every re-read.)
    let shown = Memo::new(move |_| bundle.with(Option::is_some));
    let failed = error;
    view! {
        <section class="page task-page">
            <PageTitle text=Signal::derive(move || {
                bundle
                    .with(|bundle| {
                        bundle.as_ref().map(|bundle| bundle.task.title.clone()).filter(|title| !title.trim().is_empty())
                    })
                    .unwrap_or_else(|| match error.get() {
                        Some(failure) if failure.is_not_found() => "Task not found".into(),
                        _ => "Task".into(),
                    })
            }) />
            <p class="breadcrumb">
                <a href="/">"← Tasks"</a>
            </p>
            <keyboard::TaskShortcuts />
            {move || match (shown.get(), failed.get()) {
                (false, Some(failure)) if failure.is_not_found() => {
                    view! { <Missing noun="task" error=failure /> }.into_any()
                }
                (false, Some(failure)) => view! { <ErrorView error=failure retry=reload /> }.into_any(),
                (false, None) => view! { <Loading label="Loading task…" /> }.into_any(),
                (true, _) => {
                    view! {
                        <ErrorNotice error=failed />
                        <TaskHeader />
                        <Conversation />
                        <LogsPanel />
                        <citation_preview::CitationPreview />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn TaskHeader() -> impl IntoView {
    let context = use_task();
    move || {
        let Some(bundle) = context.bundle.get() else {
            return ().into_any();
        };
        let task = bundle.task.clone();
        let metadata = task.denormalized_metadata.clone().unwrap_or_default();
        let loaded_status = bundle
            .current_assistant_turn
            .as_ref()
            .map(Turn::status)
            .or(metadata.last_turn_status.clone())
            .unwrap_or_default();
        let status = match bundle.current_assistant_turn.as_ref() {
            Some(current) => context.status_of(&current.id, loaded_status),
            None => loaded_status,
        };
        let environment = bundle
            .current_assistant_turn
            .as_ref()
            .and_then(|turn| turn.environment.as_ref())
            .map(|environment| environment.display_name())
            .or(metadata.environment_label.clone());
        let stats = metadata.diff_stats.clone().filter(|stats| stats.files_modified.is_some());
        view! {
            <header class="task-header">
                <h1>
                    <TaskTitle title=task.title.clone() />
                </h1>
                <div class="task-meta">
                    <StatusBadge status=status />
                    {code_review_badge(task.is_review)}
                    {task.archived.then(|| view! { <span class="badge status-unknown">"Archived"</span> })}
                    {environment
                        .map(|label| {
                            view! {
                                <span class="env-label" title="Environment">
                                    {label}
                                </span>
                            }
                        })}
                    {metadata
                        .start_branch_name
                        .clone()
                        .map(|branch| {
                            view! {
                                <span class="branch" title="Base branch">
                                    {branch.clone()}
                                </span>
                                <HiddenCharacterWarning text=branch />
                            }
                        })}
                    {metadata
                        .pushed_branch_name
                        .clone()
                        .map(|branch| {
                            view! {
                                <span class="branch pushed" title="Pushed branch">
                                    "→ "
                                    {branch.clone()}
                                </span>
                                <HiddenCharacterWarning text=branch />
                            }
                        })}
                    {diff_stats_badge(stats.as_ref().map(Into::into))}
                    {metadata
                        .num_follow_ups
                        .filter(|count| *count > 0)
                        .map(|count| {
                            view! { <span>{count} {if count == 1 { " follow-up" } else { " follow-ups" }}</span> }
                        })}
                    <span class="updated">"Created " <RelativeTime seconds=seconds(task.created_at.as_ref()) /></span>
                    <PrLinks pull_requests=task.external_pull_requests.iter().map(Into::into).collect() />
                </div>
                <TaskActions />
            </header>
        }
        .into_any()
    }
}

#[component]
fn Conversation() -> impl IntoView {
    let context = use_task();
    // The attempts chosen on this page, and the one the address names (a reload, a link).
    let rounds = Memo::new(move |_| {
        let attempt = context.address.attempt.get();
        context.turns.with(|turns| {
            let Some(turns) = turns.as_ref() else { return Vec::new() };
            let mut choices = context.choices.get();
            if let Some((prompt, attempt)) = attempt.and_then(|attempt| Some((turns.prompt_of(&attempt)?, attempt))) {
                choices.insert(prompt, attempt);
            }
            conversation(turns, &choices)
        })
    });
    let numbered = move || rounds.get().into_iter().enumerate().collect::<Vec<_>>();
    // A round re-renders when its attempts change status, output or discarded state.
    let round_key = |entry: &(usize, Round)| {
        let round = &entry.1;
        let attempts: Vec<_> = round
            .attempts
            .iter()
            .map(|turn| {
                (
                    turn.id.clone(),
                    turn.status().to_string(),
                    turn.output_items.len(),
                    turn.discarded,
                    turn.thread_events.as_ref().map(|events| events.events.len()),
                )
            })
            .collect();
        (round.user.id.clone(), round.selected, attempts)
    };
    let last_turn = move || {
        rounds
            .with(|rounds| rounds.last().and_then(Round::selected_turn).cloned())
            .filter(|turn| !turn.status().is_active())
    };
    view! {
        <div class="conversation">
            <For each=numbered key=round_key let:entry>
                <RoundView
                    round=entry.1
                    index=entry.0
                    is_last=Signal::derive(move || rounds.with(|rounds| rounds.len() == entry.0 + 1))
                />
            </For>
            {move || last_turn().map(|turn| view! { <FollowUpComposer turn_id=turn.id.clone() /> })}
        </div>
    }
}

/// A prompt and the answer chosen for it (with a tab for each attempt when there are several).
/// On the page's first build the rounds below the first come one a frame (`pacing`).
#[component]
fn RoundView(round: Round, index: usize, is_last: Signal<bool>) -> impl IntoView {
    let context = use_task();
    let wait = index > 0 && pacing::must_wait(context.round_pacing);
    let ready = RwSignal::new(!wait);
    if wait {
        pacing::build_after_paint(context.round_pacing, ready);
    }
    move || ready.get().then(|| view! { <RoundContent round=round.clone() is_last=is_last /> })
}

#[component]
fn RoundContent(round: Round, is_last: Signal<bool>) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let user_text = round.user.input_text();
    // The model the prompt was sent to, as the service names it (shown as text).
    let model = round.user.user_model_slug.clone().filter(|slug| !slug.trim().is_empty());
    let user_id = round.user.id.clone();
    let attempts = round.attempts.clone();
    let selected = round.selected;
    let tabs = (attempts.len() > 1).then(|| {
        let user_id = user_id.clone();
        view! {
            <div
                class="attempt-tabs"
                role="tablist"
                aria-label="Attempts"
                on:keydown=crate::components::tabs::on_tablist_keydown
            >
                {attempts
                    .iter()
                    .enumerate()
                    .map(|(index, turn)| {
                        let turn_id = turn.id.clone();
                        let user_id = user_id.clone();
                        let status = turn.status();
                        let discarded = turn.discarded == Some(true);
                        let label = format!("Attempt {}", index + 1);
                        let choose = move |_| {
                            context.choose_attempt(user_id.clone(), turn_id.clone());
                            let task_id = context.task_id.get_untracked();
                            let turn_id = turn_id.clone();
                            spawn_local(async move {
                                let _ = crate::api::tasks::viewed(api, &TaskId::from(task_id), &TurnId::from(turn_id))
                                    .await;
                            });
                        };
                        // Tell the service which candidate the person looked at.
                        view! {
                            <button
                                role="tab"
                                class="attempt-tab"
                                class:discarded=discarded
                                aria-selected=(index == selected).to_string()
                                tabindex=if index == selected { "0" } else { "-1" }
                                on:click=choose
                            >
                                {label}
                                " "
                                {
                                    let turn_id = turn.id.clone();
                                    move || view! { <StatusBadge status=context.status_of(&turn_id, status.clone()) /> }
                                }
                                {discarded.then_some(" (discarded)")}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    });
    let shown = attempts.get(selected).cloned();
    view! {
        <article class="round">
            <section class="turn user-turn" aria-label="Prompt">
                <div class="turn-label">
                    "You"
                    {model
                        .map(|model| {
                            view! {
                                <span class="turn-model" title="Model">
                                    " · "
                                    {model}
                                </span>
                            }
                        })}
                </div>
                <p class="prompt">{user_text}</p>
            </section>
            {tabs}
            {shown.map(|turn| view! { <AssistantTurnView turn=turn is_last=is_last /> })}
        </article>
    }
}

#[component]
fn AssistantTurnView(turn: Arc<Turn>, is_last: Signal<bool>) -> impl IntoView {
    if turn.status().is_active() {
        return view! { <live_turn::LiveAssistantTurn turn=Turn::clone(&turn) is_last=is_last /> }.into_any();
    }
    // The history is reduced once here; the parts below get a copy of the turn without it.
    let thread = ThreadState::from_events(turn.thread_events.iter().flat_map(|events| &events.events));
    let failure = (turn.status() == TurnStatus::Failed).then(|| failure::Failure::of(&turn, &thread));
    let turn = turn.without_history();
    let status = turn.status();
    let latest = turn.latest_event.as_ref().and_then(|event| event.text.clone());
    let diff = turn.diff().map(|diff| diff.diff.clone());
    let running = status.is_active();
    let activity_turn = turn.clone();
    let activity = ViewFn::from(move || {
        view! { <WorkLog turn=activity_turn.clone() thread=thread.clone() /> }
    });
    view! {
        <section class="turn assistant-turn" aria-label="Answer" data-turn-id=turn.id.clone()>
            <div class="turn-head">
                <span class="turn-label">"Codex"</span>
                <StatusBadge status=status.clone() />
                {(running || status == TurnStatus::Pending)
                    .then(|| {
                        view! {
                            <span class="muted live-note">{latest.clone().unwrap_or_else(|| "Working…".into())}</span>
                        }
                    })}
                <span class="muted">
                    <RelativeTime seconds=seconds(turn.created_at.as_ref()) />
                </span>
            </div>
            // The outcome's actions first, where they stay in view while the answer scrolls.
            <TurnActions turn=turn.clone() is_last=is_last />
            // The answer, and beside it (under it on a phone) its diff, logs and activity.
            <div class="turn-workspace">
                <div class="turn-answer">
                    <AssistantOutput turn=turn.clone() />
                    {failure.map(|failure| view! { <failure::FailureHelp failure=failure turn_id=turn.id.clone() /> })}
                </div>
                <TurnTools turn_id=turn.id.clone() diff=Signal::stored(diff) activity=activity />
            </div>
        </section>
    }
    .into_any()
}
