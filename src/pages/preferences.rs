//! Settings → Preferences (`/settings#preferences`, `/wham/settings/user`): the diff view, the
//! branch name format (the allowed tokens as buttons, a live preview, unknown tokens named
//! before sending), custom instructions, code review, alpha features. Saving sends only what
//! changed and shows what the server kept; a refusal lands at its field.

use crate::api::{use_api, ApiError};
use crate::components::form::{FieldError, Radio};
use crate::components::load_states::Loaded;
use leptos::prelude::*;
use wham_api::models::{UserPreferencesConfig, UserSettings, UserSettingsPatch};
use wham_model::branch_format;

/// The form's values: what the person sees and edits.
#[derive(Debug, Clone, PartialEq, Default)]
struct Form {
    git_diff_mode: String,
    branch_format: String,
    custom_instructions: String,
    code_review_preference: String,
    alpha_opt_in: bool,
}

impl Form {
    fn of(settings: &UserSettings) -> Form {
        Form {
            git_diff_mode: settings.git_diff_mode.clone().unwrap_or_else(|| "unified".into()),
            branch_format: settings.branch_format.clone().unwrap_or_default(),
            custom_instructions: settings.custom_instructions.clone().unwrap_or_default(),
            code_review_preference: settings.code_review_preference.clone().unwrap_or_else(|| "inherit".into()),
            alpha_opt_in: settings.alpha_opt_in.unwrap_or(false),
        }
    }

    /// Only what differs from `saved`.
    fn patch(&self, saved: &Form) -> UserSettingsPatch {
        let changed = |now: &String, before: &String| (now != before).then(|| now.clone());
        UserSettingsPatch {
            git_diff_mode: changed(&self.git_diff_mode, &saved.git_diff_mode),
            branch_format: changed(&self.branch_format, &saved.branch_format),
            custom_instructions: changed(&self.custom_instructions, &saved.custom_instructions),
            code_review_preference: changed(&self.code_review_preference, &saved.code_review_preference),
            alpha_opt_in: (self.alpha_opt_in != saved.alpha_opt_in).then_some(self.alpha_opt_in),
            extra: Default::default(),
        }
    }
}

#[component]
pub fn PreferencesPanel() -> impl IntoView {
    let api = use_api();
    // Read together: the form needs both. The configuration (allowed branch tokens) is optional:
    // without it the form still works, offering no token buttons.
    let loaded = LocalResource::new(move || async move {
        let (settings, config) = futures::future::join(
            crate::api::account::user_settings(api),
            crate::api::account::preferences_config(api),
        )
        .await;
        Ok((settings?, config.unwrap_or_default()))
    });
    view! {
        <section id="preferences" class="panel" aria-labelledby="preferences-title">
            <h2 id="preferences-title">"Preferences"</h2>
            <Loaded
                resource=loaded
                loading="Loading preferences…"
                view=|(settings, config)| view! { <PreferencesForm saved=Form::of(&settings) config=config /> }
            />
        </section>
    }
}

#[component]
fn PreferencesForm(saved: Form, config: UserPreferencesConfig) -> impl IntoView {
    let api = use_api();
    let saved = RwSignal::new(saved);
    let form = RwSignal::new(saved.get_untracked());
    let tokens = StoredValue::new(config.branch_format_special_values.clone());
    let max_branch = config.branch_format_max_length.unwrap_or(100) as usize;
    let error = RwSignal::new(None::<ApiError>);
    let message = RwSignal::new(None::<String>);
    let save = Action::new_local(move |patch: &UserSettingsPatch| {
        let patch = patch.clone();
        async move { crate::api::account::update_user_settings(api, &patch).await }
    });
    // What the server kept becomes the new baseline.
    Effect::new(move |_| match save.value().get() {
        Some(Ok(echoed)) => {
            let kept = Form::of(&echoed);
            saved.set(kept.clone());
            form.set(kept);
            error.set(None);
            message.set(Some("Saved.".into()));
        }
        Some(Err(failure)) => {
            message.set(None);
            error.set(Some(failure));
        }
        None => {}
    });
    let preview =
        Memo::new(move |_| form.with(|form| branch_format::preview(&form.branch_format, &tokens.get_value())));
    let local_problem = Memo::new(move |_| {
        form.with(|form| {
            if form.branch_format.trim().is_empty() {
                Some("The branch format cannot be empty.".to_string())
            } else if form.branch_format.chars().count() > max_branch {
                Some(format!("The branch format is limited to {max_branch} characters."))
            } else {
                match preview.get() {
                    Err(unknown) => Some(format!("Unknown token {}: use the buttons below.", unknown.join(", "))),
                    Ok(_) => None,
                }
            }
        })
    });
    let changed = Memo::new(move |_| form.get() != saved.get());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if local_problem.get_untracked().is_some() {
            return;
        }
        message.set(None);
        save.dispatch(form.get_untracked().patch(&saved.get_untracked()));
    };
    let server_error = move |field: &'static str| {
        move || {
            error.get().filter(|error| error.field() == Some(field)).map(|error| {
                view! {
                    <p class="field-error" role="alert">
                        {error.message()}
                    </p>
                }
            })
        }
    };
    view! {
        <form class="preferences" on:submit=submit>
            <fieldset class="choices">
                <legend>"Diff view"</legend>
                {["unified", "split"]
                    .into_iter()
                    .map(|mode| {
                        view! {
                            <Radio
                                name="git-diff-mode"
                                label=if mode == "unified" { "Unified" } else { "Split" }
                                selected=Signal::derive(move || form.with(|form| form.git_diff_mode == mode))
                                choose=move || form.update(|form| form.git_diff_mode = mode.to_string())
                            />
                        }
                    })
                    .collect_view()}
            </fieldset>
            {server_error("git_diff_mode")}
            <label for="branch-format">"Branch name format"</label>
            <input
                id="branch-format"
                type="text"
                autocomplete="off"
                maxlength=max_branch.to_string()
                prop:value=move || form.with(|form| form.branch_format.clone())
                on:input=move |event| form.update(|form| form.branch_format = event_target_value(&event))
            />
            <div class="token-buttons" role="group" aria-label="Insert a token">
                {tokens
                    .get_value()
                    .into_iter()
                    .map(|token| {
                        let value = token.value.clone();
                        let title = token.description.clone().unwrap_or_default();
                        view! {
                            <button
                                type="button"
                                class="button small"
                                title=title
                                on:click=move |_| form.update(|form| form.branch_format.push_str(&value))
                            >
                                {token.value.clone()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint" aria-live="polite">
                "Preview: "
                <code class="branch-preview">{move || preview.get().unwrap_or_else(|_| "—".into())}</code>
            </p>
            <FieldError message=local_problem />
            {server_error("branch_format")}
            <label for="custom-instructions">"Custom instructions"</label>
            <textarea
                id="custom-instructions"
                rows="5"
                prop:value=move || form.with(|form| form.custom_instructions.clone())
                on:input=move |event| form.update(|form| form.custom_instructions = event_target_value(&event))
            ></textarea>
            {server_error("custom_instructions")}
            <label for="code-review-preference">"Code review"</label>
            <select
                id="code-review-preference"
                prop:value=move || form.with(|form| form.code_review_preference.clone())
                on:change=move |event| form.update(|form| form.code_review_preference = event_target_value(&event))
            >
                {[
                    ("inherit", "As the workspace decides"),
                    ("always", "Always review my pull requests"),
                    ("on_request", "When I ask"),
                    ("never", "Never"),
                ]
                    .into_iter()
                    .map(|(value, label)| view! { <option value=value>{label}</option> })
                    .collect_view()}
            </select>
            {server_error("code_review_preference")}
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || form.with(|form| form.alpha_opt_in)
                    on:change=move |event| form.update(|form| form.alpha_opt_in = event_target_checked(&event))
                />
                " Try alpha features"
            </label>
            <div class="form-actions">
                <button
                    class="button primary"
                    type="submit"
                    disabled=move || !changed.get() || save.pending().get() || local_problem.get().is_some()
                >
                    {move || if save.pending().get() { "Saving…" } else { "Save preferences" }}
                </button>
                {move || {
                    message
                        .get()
                        .map(|text| {
                            view! {
                                <span class="notice notice-ok" role="status">
                                    {text}
                                </span>
                            }
                        })
                }}
                {move || {
                    error
                        .get()
                        .filter(|error| error.field().is_none())
                        .map(|error| {
                            view! {
                                <span class="notice notice-error" role="alert">
                                    {error.message()}
                                </span>
                            }
                        })
                }}
            </div>
        </form>
    }
}
