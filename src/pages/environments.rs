//! `/environments` and `/environments/:environment_id`.

use crate::api::use_api;
use crate::components::load_states::OutcomeNotice;
use crate::components::load_states::{Empty, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::virtual_list::VirtualList;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wham_api::models::Environment;
use wham_api::routes;

#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    let api = use_api();
    let environments = LocalResource::new(move || crate::api::environments::list(api));
    view! {
        <section class="page environments-page">
            <PageTitle text="Environments" />
            <h1>"Environments"</h1>
            <Loaded
                resource=environments
                loading="Loading environments…"
                view=move |value| match value {
                    list if list.0.is_empty() => {
                        view! { <Empty title="No environments" hint="Create one in Codex to run tasks." /> }.into_any()
                    }
                    list => {
                        view! {
                            <ul class="card-list">
                                {list
                                    .0
                                    .into_iter()
                                    .map(|environment| {
                                        let href = format!(
                                            "/environments/{}",
                                            routes::encode_component(&environment.id),
                                        );
                                        let repo = environment
                                            .primary_repository()
                                            .and_then(|repo| repo.full_name().map(str::to_string));
                                        let name = environment.display_name();
                                        view! {
                                            <li class="card">
                                                <A href=href attr:class="card-title">
                                                    {name}
                                                </A>
                                                <span class="muted">{repo}</span>
                                                <span class="muted">
                                                    {environment.task_count.map(|count| format!("{count} tasks"))}
                                                </span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
            />
        </section>
    }
}

#[component]
pub fn EnvironmentPage() -> impl IntoView {
    let params = use_params_map();
    let environment_id = Memo::new(move |_| params.read().get("environment_id").unwrap_or_default());
    let api = use_api();
    let environment = LocalResource::new(move || {
        let id = environment_id.get();
        async move {
            crate::api::environments::detail(api, &crate::api::EnvironmentId::from(id)).await.map(|detail| detail.0)
        }
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
                view=|environment| view! { <EnvironmentView environment=environment /> }
            />
        </section>
    }
}

/// Environment diagnostics: posts the environment to `/environments/test` and shows its output
/// as it streams.
#[component]
fn Diagnostics(environment: Environment) -> impl IntoView {
    use crate::live::transport::{self, Callbacks, StreamHandle};
    use crate::reactive::SetIfAlive;
    use send_wrapper::SendWrapper;
    use std::cell::RefCell;
    use std::rc::Rc;
    let api = crate::api::use_api();
    let lines = RwSignal::new(Vec::<String>::new());
    let outcome = RwSignal::new(None::<(bool, String)>);
    let running = RwSignal::new(false);
    let handle: SendWrapper<Rc<RefCell<Option<StreamHandle>>>> = SendWrapper::new(Rc::new(RefCell::new(None)));
    let body = serde_json::to_value(&environment).unwrap_or_default();
    let start = {
        let handle = handle.clone();
        move |_| {
            lines.set(Vec::new());
            outcome.set(None);
            running.set(true);
            let settings = api.connection.get_untracked();
            let url = crate::api::environments::test_url(api);
            let headers = crate::api::credential_headers(&url, &settings);
            let callbacks = Callbacks {
                on_open: Box::new(|| {}),
                on_item: Box::new(move |item| {
                    if let Some(line) = item.line.clone() {
                        lines.update_if_alive(|lines| lines.push(line));
                    } else if item.item_type == "environment_test_result" {
                        let ok = item.extra.get("status").and_then(|status| status.as_str()) == Some("succeeded");
                        outcome.set_if_alive(Some((
                            ok,
                            if ok { "The environment works.".into() } else { "The environment test failed.".into() },
                        )));
                    }
                }),
                on_end: Box::new(move |reason| {
                    running.set_if_alive(false);
                    if let Some(reason) = reason {
                        outcome.set_if_alive(Some((false, reason)));
                    }
                }),
            };
            match transport::post(&url, headers, &body, callbacks) {
                Ok(stream) => *handle.borrow_mut() = Some(stream),
                Err(error) => {
                    running.set(false);
                    outcome.set(Some((false, error)));
                }
            }
        }
    };
    on_cleanup(move || {
        if let Some(stream) = handle.borrow_mut().take() {
            stream.close();
        }
    });
    view! {
        <section class="diagnostics" aria-label="Diagnostics">
            <h2>"Diagnostics"</h2>
            <button class="button" disabled=move || running.get() on:click=start>
                {move || if running.get() { "Testing…" } else { "Test this environment" }}
            </button>
            // Rendered like the logs panel: only the lines in view, following the newest.
            <VirtualList
                items=Signal::derive(move || lines.get().into_iter().enumerate().collect::<Vec<_>>())
                row_height=DIAGNOSTIC_ROW_HEIGHT
                key=|(index, _): &(usize, String)| *index
                row=|_, (_, line): (usize, String)| {
                    view! {
                        <div class="diagnostic-line" role="listitem">
                            {line}
                        </div>
                    }
                }
                class="command-output diagnostics-output"
                label="Diagnostics output"
                scroll_to=Signal::derive(move || lines.with(|lines| lines.len().checked_sub(1)))
            />
            <OutcomeNotice outcome=outcome />
        </section>
    }
}

/// Row height in pixels; `.diagnostic-line` has this height in the stylesheet.
const DIAGNOSTIC_ROW_HEIGHT: f64 = 20.0;

#[component]
fn EnvironmentView(environment: Environment) -> impl IntoView {
    let for_diagnostics = environment.clone();
    let network = environment
        .agent_network_access
        .as_ref()
        .and_then(|access| access.mode.clone())
        .unwrap_or_else(|| "unknown".into());
    let setup = environment.setup.as_ref().map(|script| script.text()).unwrap_or_default();
    view! {
        <h1>{environment.display_name()}</h1>
        <dl class="facts">
            <dt>"Repository"</dt>
            <dd>
                {environment
                    .primary_repository()
                    .and_then(|repo| repo.full_name().map(str::to_string))
                    .unwrap_or_else(|| "—".into())}
            </dd>
            <dt>"Machine"</dt>
            <dd>{environment.machine_id.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Agent internet access"</dt>
            <dd>{network}</dd>
            <dt>"Variables"</dt>
            <dd>
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
        </dl>
        <h2>"Setup script"</h2>
        <pre class="script">{if setup.trim().is_empty() { "(none)".to_string() } else { setup }}</pre>
        <Diagnostics environment=for_diagnostics />
    }
}
