//! `/environments/new` and `/environments/:environment_id/edit`: an environment's form. What
//! is wrong is said at the field before anything is sent (the rules are wham-model's, the same
//! as the server's), and the server's refusal at the field it names. The draft is kept in the
//! browser as it is typed, so a reload or a wrong click loses nothing; secret values are the
//! exception: they are never stored anywhere in the browser. An edit sends only what changed.

use super::environment_href;
use crate::api::{use_api, ApiError, EnvironmentId};
use crate::components::form::Radio;
use crate::components::load_states::{ErrorNotice, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::toast::use_toasts;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeMap;
use wham_api::environment_rules::NETWORK_PRESETS;
use wham_model::environment_draft::{repository_key, EnvironmentDraft};

fn storage_key(id: Option<&str>) -> String {
    format!("wham-web.environment-draft.{}", id.unwrap_or("new"))
}

#[component]
pub fn NewEnvironmentPage() -> impl IntoView {
    view! {
        <section class="page environment-editor-page">
            <PageTitle text="New environment" />
            <p class="breadcrumb">
                <A href="/environments">"← Environments"</A>
            </p>
            <h1>"New environment"</h1>
            <EnvironmentEditor id=None saved=EnvironmentDraft::new_environment() names=BTreeMap::new() />
        </section>
    }
}

#[component]
pub fn EditEnvironmentPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let environment_id = Memo::new(move |_| params.read().get("environment_id").unwrap_or_default());
    let environment = LocalResource::new(move || {
        let id = EnvironmentId::from(environment_id.get());
        async move { crate::api::environments::detail(api, &id).await.map(|detail| detail.0) }
    });
    view! {
        <section class="page environment-editor-page">
            <PageTitle text="Edit environment" />
            <p class="breadcrumb">
                <A href=move || environment_href(&environment_id.get())>"← Environment"</A>
            </p>
            <Loaded
                resource=environment
                loading="Loading environment…"
                missing="environment"
                view=|environment: wham_api::models::Environment| {
                    let names = environment
                        .repo_map
                        .iter()
                        .filter_map(|(key, repo)| repo.full_name().map(|name| (key.clone(), name.to_string())))
                        .collect();
                    view! {
                        <h1>"Edit " {environment.display_name()}</h1>
                        <EnvironmentEditor
                            id=Some(environment.id.clone())
                            saved=EnvironmentDraft::of(&environment)
                            names=names
                        />
                    }
                }
            />
        </section>
    }
}

/// The form. `saved` is the environment as the server holds it (a new one's defaults), `names`
/// the repositories' names by key.
#[component]
fn EnvironmentEditor(id: Option<String>, saved: EnvironmentDraft, names: BTreeMap<String, String>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let key = storage_key(id.as_deref());
    let stored: Option<EnvironmentDraft> = LocalStorage::get(&key).ok().filter(|draft| *draft != saved);
    let restored = RwSignal::new(stored.is_some());
    let draft = RwSignal::new(stored.unwrap_or_else(|| saved.clone()));
    let saved = StoredValue::new(saved);
    let key = StoredValue::new(key);
    let names = RwSignal::new(names);
    // Kept as it is typed (serde leaves the secret values out).
    Effect::new(move |_| {
        let current = draft.get();
        let _ = if current == saved.get_value() {
            LocalStorage::delete(key.get_value());
            Ok(())
        } else {
            LocalStorage::set(key.get_value(), &current)
        };
    });
    let dirty =
        Memo::new(move |_| draft.with(|draft| draft.is_dirty(&saved.get_value()) || !draft.secret_values.is_empty()));
    // Leaving the page (reload, closing the tab) with unsaved changes asks first. The draft is
    // kept either way; secret values typed here are not.
    let guard = window_event_listener(leptos::ev::beforeunload, move |event| {
        if dirty.get_untracked() {
            event.prevent_default();
            event.set_return_value("You have unsaved changes.");
        }
    });
    on_cleanup(move || guard.remove());

    let attempted = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let environment_id = id.clone().map(EnvironmentId::from);
    let save = Action::new_local(move |current: &EnvironmentDraft| {
        let current = current.clone();
        let environment_id = environment_id.clone();
        async move {
            match environment_id {
                Some(id) => {
                    let changes = current.update_request(&saved.get_value());
                    crate::api::environments::update(api, &id, &changes).await
                }
                None => crate::api::environments::create(api, &current.create_request()).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(environment)) => {
            LocalStorage::delete(key.get_value());
            // What the server holds is now the baseline: the guard lets the page go.
            draft.update(|draft| draft.secret_values.clear());
            saved.set_value(draft.get_untracked());
            toasts.success("Environment saved");
            navigate(&environment_href(&environment.id), Default::default());
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        attempted.set(true);
        error.set(None);
        let current = draft.get_untracked();
        if !current.problems().is_empty() {
            return;
        }
        if !dirty.get_untracked() {
            toasts.success("Nothing to save: no changes");
            return;
        }
        save.dispatch(current);
    };
    // The message for a field: the check made here once the person tried to save, else the
    // server's refusal when it names this field (or one inside it).
    // Checked once per change (not once per field), and shown only after a try to save.
    let problems =
        Memo::new(move |_| if attempted.get() { draft.with(EnvironmentDraft::problems) } else { Vec::new() });
    let message_for = move |field: &'static str| {
        Signal::derive(move || {
            let problem = problems.with(|problems| {
                problems.iter().find(|problem| problem.field.starts_with(field)).map(|problem| problem.message.clone())
            });
            problem.or_else(|| {
                error
                    .get()
                    .filter(|error| error.field().is_some_and(|name| name.starts_with(field)))
                    .map(|error| error.message())
            })
        })
    };
    let general_error = Signal::derive(move || error.get().filter(|error| error.field().is_none()));
    let discard = move |_| {
        LocalStorage::delete(key.get_value());
        draft.set(saved.get_value());
        restored.set(false);
        attempted.set(false);
    };
    let cancel_href = id.as_deref().map(environment_href).unwrap_or_else(|| "/environments".into());
    let pending = save.pending();
    view! {
        <form class="panel environment-form" on:submit=submit novalidate>
            {move || {
                restored
                    .get()
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                "Your unsaved changes were restored. "
                                <button type="button" class="button small" on:click=discard>
                                    "Discard them"
                                </button>
                            </p>
                        }
                    })
            }}
            {TEXT_FIELDS
                .iter()
                .map(|spec| view! { <DraftText draft=draft spec=spec message=message_for(spec.field) /> })
                .collect_view()}
            <RepositoryPicker draft=draft names=names message=message_for("repos") />
            {SCRIPTS
                .iter()
                .map(|spec| view! { <ScriptEditor draft=draft spec=spec message=message_for(spec.field) /> })
                .collect_view()}
            <Variables draft=draft message=message_for("env_vars") />
            <Secrets draft=draft message=message_for("secrets") />
            <Network draft=draft message=message_for("agent_network_access") />
            <fieldset class="choices">
                <legend>"Setup and caching"</legend>
                {SETUP_CHECKS.iter().map(|spec| view! { <DraftCheck draft=draft spec=spec /> }).collect_view()}
            </fieldset>
            <ErrorNotice error=general_error />
            <div class="form-actions">
                <button class="button primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save environment" }}
                </button>
                <a
                    class="button"
                    href=cancel_href
                    on:click=move |event| {
                        if dirty.get_untracked()
                            && !crate::browser::dialogs::confirm("Leave without saving? Your draft is kept for later.")
                        {
                            event.prevent_default();
                        }
                    }
                >
                    "Cancel"
                </a>
                <span class="muted" aria-live="polite">
                    {move || if dirty.get() { "Unsaved changes" } else { "" }}
                </span>
            </div>
        </form>
    }
}

/// One text field of the draft: its element id, label, the request field the server names in a
/// refusal, and how to read and write it.
struct TextSpec {
    id: &'static str,
    label: &'static str,
    field: &'static str,
    get: fn(&EnvironmentDraft) -> String,
    set: fn(&mut EnvironmentDraft, String),
    multiline: bool,
    placeholder: &'static str,
}

/// A [`TextSpec`] for the draft field of the same name as the request field.
macro_rules! text_spec {
    ($id:literal, $label:literal, $field:ident, multiline: $multiline:literal, placeholder: $placeholder:literal) => {
        TextSpec {
            id: $id,
            label: $label,
            field: stringify!($field),
            get: |draft| draft.$field.clone(),
            set: |draft, value| draft.$field = value,
            multiline: $multiline,
            placeholder: $placeholder,
        }
    };
}

const TEXT_FIELDS: &[TextSpec] = &[
    text_spec!("environment-label", "Name", label, multiline: false, placeholder: ""),
    text_spec!("environment-description", "Description", description, multiline: true, placeholder: ""),
    text_spec!(
        "environment-workspace",
        "Workspace directory",
        workspace_dir,
        multiline: false,
        placeholder: "/workspace/app"
    ),
];

const SCRIPTS: &[TextSpec] = &[
    text_spec!("environment-setup", "Setup script", setup, multiline: true, placeholder: ""),
    text_spec!(
        "environment-maintenance",
        "Maintenance script (runs when a cached environment is reused)",
        maintenance_setup,
        multiline: true,
        placeholder: ""
    ),
];

const DOMAINS: TextSpec = TextSpec {
    id: "network-domains",
    label: "Also allow these domains (comma separated)",
    field: "agent_network_access",
    get: |draft| draft.domains.clone(),
    set: |draft, value| draft.domains = value,
    multiline: false,
    placeholder: "example.com, *.internal.dev",
};

/// One checkbox of the draft.
struct CheckSpec {
    label: &'static str,
    get: fn(&EnvironmentDraft) -> bool,
    set: fn(&mut EnvironmentDraft, bool),
}

/// A [`CheckSpec`] for a boolean field of the draft.
macro_rules! check_spec {
    ($label:literal, $field:ident) => {
        CheckSpec { label: $label, get: |draft| draft.$field, set: |draft, on| draft.$field = on }
    };
}

const SETUP_CHECKS: &[CheckSpec] = &[
    check_spec!("Set up automatically when there is no script", auto_setup),
    check_spec!("Cache the environment after setup", cache_enabled),
    check_spec!("Pin to the top of lists", pinned),
];

const SAFE_METHODS: CheckSpec = check_spec!("Only GET, HEAD and OPTIONS requests", safe_methods_only);

/// A small button that changes the draft (its label may change with it).
fn draft_button<L: IntoView + 'static>(label: L, act: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button type="button" class="button small" on:click=move |_| act()>
            {label}
        </button>
    }
}

/// A message under a field, when there is one.
fn field_message(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <p class="field-error" role="alert" id=format!("{id}-error")>
                    {message}
                </p>
            }
        })
    }
}

#[component]
fn DraftText(
    draft: RwSignal<EnvironmentDraft>,
    spec: &'static TextSpec,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let TextSpec { id, label, get, set, multiline, placeholder, .. } = *spec;
    let invalid = move || message.with(Option::is_some).to_string();
    let field = if multiline {
        view! {
            <textarea
                id=id
                rows="3"
                aria-invalid=invalid
                prop:value=move || draft.with(get)
                on:input=move |event| draft.update(|draft| set(draft, event_target_value(&event)))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type="text"
                autocomplete="off"
                placeholder=placeholder
                aria-invalid=invalid
                prop:value=move || draft.with(get)
                on:input=move |event| draft.update(|draft| set(draft, event_target_value(&event)))
            />
        }
        .into_any()
    };
    view! {
        <label for=id>{label}</label>
        {field}
        {field_message(id, message)}
    }
}

#[component]
fn DraftCheck(draft: RwSignal<EnvironmentDraft>, spec: &'static CheckSpec) -> impl IntoView {
    let CheckSpec { label, get, set } = *spec;
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || draft.with(get)
                on:change=move |event| draft.update(|draft| set(draft, event_target_checked(&event)))
            />
            " "
            {label}
        </label>
    }
}

/// A script in a monospace editor with line numbers.
#[component]
fn ScriptEditor(
    draft: RwSignal<EnvironmentDraft>,
    spec: &'static TextSpec,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let TextSpec { id, label, get, set, .. } = *spec;
    let lines = Memo::new(move |_| draft.with(|draft| get(draft).lines().count().max(1)));
    view! {
        <label for=id>{label}</label>
        <div class="script-editor">
            <pre class="line-numbers" aria-hidden="true">
                {move || (1..=lines.get()).map(|number| number.to_string()).collect::<Vec<_>>().join("\n")}
            </pre>
            <textarea
                id=id
                class="script-text"
                spellcheck="false"
                wrap="off"
                rows=move || (lines.get() + 1).max(4).to_string()
                prop:value=move || draft.with(get)
                on:input=move |event| draft.update(|draft| set(draft, event_target_value(&event)))
            ></textarea>
        </div>
        {field_message(id, message)}
    }
}

/// The repositories, chosen among those the GitHub installations grant; the first is where
/// tasks start.
#[component]
fn RepositoryPicker(
    draft: RwSignal<EnvironmentDraft>,
    names: RwSignal<BTreeMap<String, String>>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let api = use_api();
    let query = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let query = query.get();
        async move { crate::api::environments::repositories(api, &query).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = found.get() {
            names.update(|names| {
                for repo in &list.0 {
                    if let Some(name) = repo.full_name() {
                        names.insert(repository_key(&repo.id), name.to_string());
                    }
                }
            });
        }
    });
    let name_of = move |key: &str| names.with(|names| names.get(key).cloned()).unwrap_or_else(|| key.to_string());
    view! {
        <fieldset class="choices repositories" aria-describedby="environment-repos-error">
            <legend>"Repositories"</legend>
            <ul class="plain chosen-repositories">
                {move || {
                    draft
                        .with(|draft| draft.repos.clone())
                        .into_iter()
                        .enumerate()
                        .map(|(index, key)| {
                            let remove_key = key.clone();
                            let first_key = key.clone();
                            view! {
                                <li>
                                    {name_of(&key)}
                                    {(index == 0).then(|| view! { <span class="muted">" (tasks start here)"</span> })}
                                    " "
                                    {(index > 0)
                                        .then(|| {
                                            view! {
                                                {draft_button(
                                                    "Start tasks here",
                                                    move || {
                                                        draft
                                                            .update(|draft| {
                                                                draft.repos.retain(|other| *other != first_key);
                                                                draft.repos.insert(0, first_key.clone());
                                                            })
                                                    },
                                                )}
                                            }
                                        })}
                                    {draft_button(
                                        "Remove",
                                        move || {
                                            draft.update(|draft| draft.repos.retain(|other| *other != remove_key))
                                        },
                                    )}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <input
                type="search"
                aria-label="Find a repository"
                placeholder="Find a repository"
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
            <ul class="plain repository-results">
                {move || match found.get() {
                    None => view! { <li class="muted">"Loading repositories…"</li> }.into_any(),
                    Some(Err(error)) => view! { <li class="field-error">{error.message()}</li> }.into_any(),
                    Some(Ok(list)) if list.0.is_empty() => {
                        view! {
                            <li class="muted">"No repository matches. Is the Codex GitHub app installed there?"</li>
                        }
                            .into_any()
                    }
                    Some(Ok(list)) => {
                        list.0
                            .into_iter()
                            .map(|repo| {
                                let key = repository_key(&repo.id);
                                let name = repo.full_name().unwrap_or("—").to_string();
                                let chosen_key = key.clone();
                                let chosen = move || draft.with(|draft| draft.repos.contains(&chosen_key));
                                view! {
                                    <li>
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                prop:checked=chosen
                                                on:change=move |event| {
                                                    let on = event_target_checked(&event);
                                                    draft
                                                        .update(|draft| {
                                                            draft.repos.retain(|other| *other != key);
                                                            if on {
                                                                draft.repos.push(key.clone());
                                                            }
                                                        })
                                                }
                                            />
                                            " "
                                            {name}
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }
                }}
            </ul>
            {field_message("environment-repos", message)}
        </fieldset>
    }
}

/// Which list of name and value rows: the variables, or the new secrets.
#[derive(Clone, Copy)]
enum RowList {
    Variables,
    Secrets,
}

type Rows = fn(&EnvironmentDraft) -> &Vec<(String, String)>;
type RowsMut = fn(&mut EnvironmentDraft) -> &mut Vec<(String, String)>;

impl RowList {
    /// How to read and write the list, what a row is called, and whether its value is secret.
    fn parts(self) -> (Rows, RowsMut, &'static str, bool) {
        match self {
            RowList::Variables => (|draft| &draft.variables, |draft| &mut draft.variables, "Variable", false),
            RowList::Secrets => (|draft| &draft.secret_values, |draft| &mut draft.secret_values, "Secret", true),
        }
    }

    fn error_id(self) -> &'static str {
        match self {
            RowList::Variables => "environment-variables",
            RowList::Secrets => "environment-secrets",
        }
    }
}

/// Rows of a name and a value (variables, new secrets), added and removed by the person.
#[component]
fn NameValueRows(draft: RwSignal<EnvironmentDraft>, list: RowList, message: Signal<Option<String>>) -> impl IntoView {
    let (rows, rows_mut, what, secret) = list.parts();
    let count = Memo::new(move |_| draft.with(|draft| rows(draft).len()));
    let cell = move |index: usize, name: bool| {
        draft.with(|draft| {
            rows(draft).get(index).map(|row| if name { row.0.clone() } else { row.1.clone() }).unwrap_or_default()
        })
    };
    let edit = move |index: usize, name: bool, text: String| {
        draft.update(|draft| {
            if let Some(row) = rows_mut(draft).get_mut(index) {
                if name {
                    row.0 = text;
                } else {
                    row.1 = text;
                }
            }
        })
    };
    // A secret's value is typed into a password field (the browser shows dots).
    let cell_input = move |index: usize, name: bool| {
        let hidden = secret && !name;
        let part = if name { "name" } else { "value" };
        view! {
            <input
                type=if hidden { "password" } else { "text" }
                class="mono"
                autocomplete=if hidden { "new-password" } else { "off" }
                aria-label=format!("{what} {} {part}", index + 1)
                placeholder=if name { "NAME" } else { "value" }
                prop:value=move || cell(index, name)
                on:input=move |event| edit(index, name, event_target_value(&event))
            />
        }
    };
    view! {
        {move || {
            (0..count.get())
                .map(|index| {
                    view! {
                        <div class="key-value">
                            {cell_input(index, true)} {cell_input(index, false)}
                            {draft_button(
                                "Remove",
                                move || {
                                    draft
                                        .update(|draft| {
                                            let rows = rows_mut(draft);
                                            if index < rows.len() {
                                                rows.remove(index);
                                            }
                                        })
                                },
                            )}
                        </div>
                    }
                })
                .collect_view()
        }}
        {draft_button(
            format!("Add {}", what.to_lowercase()),
            move || draft.update(|draft| rows_mut(draft).push((String::new(), String::new()))),
        )}
        {field_message(list.error_id(), message)}
    }
}

/// Environment variables as a table of name and value.
#[component]
fn Variables(draft: RwSignal<EnvironmentDraft>, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset class="choices variables">
            <legend>"Environment variables"</legend>
            <NameValueRows draft=draft list=RowList::Variables message=message />
        </fieldset>
    }
}

/// Secrets are write-only: saved ones show their name only, and can be replaced or removed.
#[component]
fn Secrets(draft: RwSignal<EnvironmentDraft>, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset class="choices secrets">
            <legend>"Secrets"</legend>
            <p class="hint">
                "Available to setup scripts only. A saved value is never shown again: replace it or remove it."
            </p>
            <ul class="plain">
                {move || {
                    draft
                        .with(|draft| draft.saved_secrets.clone())
                        .into_iter()
                        .map(|name| {
                            let removed_name = name.clone();
                            let removed = Memo::new(move |_| {
                                draft.with(|draft| draft.removed_secrets.contains(&removed_name))
                            });
                            let toggle_name = name.clone();
                            let replace_name = name.clone();
                            view! {
                                <li class="saved-secret">
                                    <code>{name.clone()}</code>
                                    {move || {
                                        if removed.get() { " (removed on save)" } else { " ••••••••" }
                                    }}
                                    " "
                                    {draft_button(
                                        "Replace",
                                        move || {
                                            draft
                                                .update(|draft| {
                                                    if !draft
                                                        .secret_values
                                                        .iter()
                                                        .any(|(name, _)| *name == replace_name)
                                                    {
                                                        draft.secret_values.push((replace_name.clone(), String::new()));
                                                    }
                                                })
                                        },
                                    )}
                                    {draft_button(
                                        move || if removed.get() { "Keep" } else { "Remove" },
                                        move || {
                                            draft
                                                .update(|draft| {
                                                    if draft.removed_secrets.contains(&toggle_name) {
                                                        draft.removed_secrets.retain(|name| *name != toggle_name);
                                                    } else {
                                                        draft.removed_secrets.push(toggle_name.clone());
                                                    }
                                                })
                                        },
                                    )}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <NameValueRows draft=draft list=RowList::Secrets message=message />
        </fieldset>
    }
}

/// Agent internet access: off, or on with a preset list, extra domains and the methods allowed.
#[component]
fn Network(draft: RwSignal<EnvironmentDraft>, message: Signal<Option<String>>) -> impl IntoView {
    let on = Signal::derive(move || draft.with(|draft| draft.network_on));
    view! {
        <fieldset class="choices network">
            <legend>"Agent internet access"</legend>
            <Radio
                name="network"
                label="Off: the agent works offline after setup"
                selected=Signal::derive(move || !on.get())
                choose=move || draft.update(|draft| draft.network_on = false)
            />
            <Radio name="network" label="On" selected=on choose=move || draft.update(|draft| draft.network_on = true) />
            <Show when=move || on.get()>
                <label for="network-preset">"Allowed domains"</label>
                <select
                    id="network-preset"
                    prop:value=move || draft.with(|draft| draft.preset_allowlist.clone())
                    on:change=move |event| draft.update(|draft| draft.preset_allowlist = event_target_value(&event))
                >
                    {NETWORK_PRESETS
                        .iter()
                        .map(|preset| {
                            let label = match *preset {
                                "none" => "None (only the domains below)",
                                "common_dependencies" => "Common dependencies (package registries)",
                                _ => "All domains",
                            };
                            view! { <option value=*preset>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <DraftText draft=draft spec=&DOMAINS message=message />
                <DraftCheck draft=draft spec=&SAFE_METHODS />
            </Show>
        </fieldset>
    }
}
