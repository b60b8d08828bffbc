//! `/environments/:environment_id`: every field the service sends, and what can be done with
//! the environment: start a task in it, edit, test, reset its cache, delete it.

use super::diagnostics::Diagnostics;
use crate::api::{use_api, EnvironmentId};
use crate::components::dialog::Dialog;
use crate::components::form::TextField;
use crate::components::load_states::{ErrorNotice, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::relative_time::RelativeTime;
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use wham_api::models::{Environment, Machine};
use wham_api::routes::encode_component;
use wham_model::time_text::seconds;

#[component]
pub fn EnvironmentPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let environment_id = Memo::new(move |_| params.read().get("environment_id").unwrap_or_default());
    let environment = LocalResource::new(move || {
        let id = EnvironmentId::from(environment_id.get());
        async move { crate::api::environments::detail_with_creator(api, &id).await }
    });
    view! {
        <section class="page environment-page">
            <PageTitle text=Signal::derive(move || match environment.get() {
                Some(Ok(environment)) => environment.display_name(),
                _ => "Environment".into(),
            }) />
            <p class="breadcrumb">
                <A href="/environments">"← Environments"</A>
            </p>
            <Loaded
                resource=environment
                loading="Loading environment…"
                missing="environment"
                view=|environment| view! { <EnvironmentView environment=environment /> }
            />
        </section>
    }
}

fn or_dash(text: Option<String>) -> String {
    text.filter(|text| !text.trim().is_empty()).unwrap_or_else(|| "—".into())
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "on",
        Some(false) => "off",
        None => "—",
    }
}

#[component]
fn EnvironmentView(environment: Environment) -> impl IntoView {
    let for_diagnostics = environment.clone();
    let id = environment.id.clone();
    let access = environment.agent_network_access.clone().unwrap_or_default();
    let network = match access.mode.as_deref() {
        Some("on") => {
            let domains =
                access.allowlist_domains.as_ref().and_then(wham_api::environment_rules::domains).unwrap_or_default();
            let mut text = format!("on, list: {}", access.preset_allowlist.clone().unwrap_or_else(|| "—".into()));
            if !domains.is_empty() {
                text.push_str(&format!("; also {}", domains.join(", ")));
            }
            if access.safe_methods_only == Some(true) {
                text.push_str("; GET, HEAD and OPTIONS only");
            }
            text
        }
        Some(mode) => mode.to_string(),
        None => "—".into(),
    };
    // "Universal · 4 CPU · 16 GB memory", in whichever shape the detail sends the machine.
    let detail_machine = environment.machine.as_ref().map(Machine::from_detail).unwrap_or_default();
    let machine = detail_machine
        .label
        .clone()
        .filter(|label| !label.trim().is_empty())
        .or(environment.machine_id.clone())
        .map(|label| {
            [label, detail_machine.specs()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ")
        });
    let creator = environment.creator.as_ref().and_then(|creator| creator.name.clone().or(creator.email.clone()));
    let script = |script: Option<&wham_api::tolerant::Script>| {
        script.map(|script| script.text()).filter(|text| !text.trim().is_empty()).unwrap_or_else(|| "(none)".into())
    };
    let setup = script(environment.setup.as_ref());
    let maintenance = script(environment.maintenance_setup.as_ref());
    view! {
        <div class="page-head">
            <h1>{environment.display_name()}</h1>
            <div class="actions">
                <a class="button primary" href=format!("/new?env={}", encode_component(&id))>
                    "New task here"
                </a>
                <A href=format!("{}/edit", super::environment_href(&id)) attr:class="button">
                    "Edit"
                </A>
                <ResetCache id=id.clone() />
                <DeleteEnvironment id=id.clone() label=environment.display_name() />
            </div>
        </div>
        <p class="muted">{environment.description.clone()}</p>
        <dl class="facts">
            <dt>"Repositories"</dt>
            <dd>
                <ul class="plain">
                    {environment
                        .repo_map
                        .values()
                        .map(|repo| {
                            let permissions = repo.granted_permissions();
                            view! {
                                <li>
                                    {repo.full_name().unwrap_or("—").to_string()}
                                    <span class="muted">" " {permissions}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </dd>
            <dt>"Workspace"</dt>
            <dd>{or_dash(environment.workspace_dir.clone())}</dd>
            <dt>"Machine"</dt>
            <dd>{or_dash(machine)}</dd>
            <dt>"Created"</dt>
            <dd>
                <RelativeTime seconds=seconds(environment.created_at.as_ref()) />
                {creator.map(|name| format!(" by {name}"))}
            </dd>
            <dt>"Agent internet access"</dt>
            <dd>{network}</dd>
            <dt>"Variables"</dt>
            <dd>
                {if environment.env_vars.is_empty() { Some("none") } else { None }}
                {environment
                    .env_vars
                    .iter()
                    .map(|(key, value)| {
                        view! {
                            <code class="env-var">{format!("{key}={value}")}</code>
                            " "
                        }
                    })
                    .collect_view()}
            </dd>
            <dt>"Secrets"</dt>
            <dd>
                {if environment.secrets.is_empty() {
                    "none".to_string()
                } else {
                    environment.secrets.keys().cloned().collect::<Vec<_>>().join(", ")
                }}
            </dd>
            <dt>"Automatic setup"</dt>
            <dd>{yes_no(environment.auto_setup_settings.as_ref().and_then(|settings| settings.use_auto_setup))}</dd>
            <dt>"Cache after setup"</dt>
            <dd>
                {yes_no(environment.cache_settings.as_ref().and_then(|settings| settings.post_setup_cache_enabled))}
            </dd>
            <dt>"Tasks"</dt>
            <dd>{environment.task_count.map(|count| count.to_string()).unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <h2>"Setup script"</h2>
        <pre class="script">{setup}</pre>
        <h2>"Maintenance script"</h2>
        <pre class="script">{maintenance}</pre>
        <Diagnostics environment=for_diagnostics />
    }
}

/// Makes the next tasks set up afresh instead of from the cache.
#[component]
fn ResetCache(id: String) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let reset = Action::new_local(move |id: &EnvironmentId| {
        let id = id.clone();
        async move { crate::api::environments::reset_cache(api, &id).await }
    });
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(())) => toasts.success("Cache reset: the next task sets up from scratch"),
        Some(Err(error)) => toasts.error(error.message()),
        None => {}
    });
    let pending = reset.pending();
    let id = EnvironmentId::from(id);
    view! {
        <button
            class="button"
            disabled=move || pending.get()
            on:click=move |_| {
                reset.dispatch(id.clone());
            }
        >
            {move || if pending.get() { "Resetting…" } else { "Reset cache" }}
        </button>
    }
}

/// Deletes the environment once the person has typed its name.
#[component]
fn DeleteEnvironment(id: String, label: String) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let delete = Action::new_local(move |id: &EnvironmentId| {
        let id = id.clone();
        async move { crate::api::environments::delete(api, &id).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            open.set(false);
            toasts.success("Environment deleted");
            navigate("/environments", Default::default());
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let pending = delete.pending();
    let label = StoredValue::new(label);
    let id = EnvironmentId::from(id);
    let confirmed = move || label.with_value(|label| typed.get() == *label);
    view! {
        <button class="button danger" on:click=move |_| open.set(true)>
            "Delete"
        </button>
        <Dialog open=open title="Delete this environment?" title_id="delete-environment-title">
            <p>"Tasks that ran in it keep their results. Type " <strong>{label.get_value()}</strong> " to confirm."</p>
            <TextField id="delete-confirm" label="Name" value=typed />
            <ErrorNotice error=error />
            <div class="form-actions">
                <button
                    class="button danger"
                    disabled=move || !confirmed() || pending.get()
                    on:click={
                        let id = id.clone();
                        move |_| {
                            delete.dispatch(id.clone());
                        }
                    }
                >
                    {move || if pending.get() { "Deleting…" } else { "Delete environment" }}
                </button>
                <button class="button" on:click=move |_| open.set(false)>
                    "Keep it"
                </button>
            </div>
        </Dialog>
    }
}
