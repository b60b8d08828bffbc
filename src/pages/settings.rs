//! `/settings`: Connection (API base, token, account id, where it leads) and Preferences
//! (`preferences.rs`). Each section is linkable (`#connection`, `#preferences`).

use crate::api::connection::{Connection, DEFAULT_BASE};
use crate::api::{self, use_api, ApiContext, ApiError};
use crate::components::form::{Checkbox, TextField};
use crate::components::load_states::OutcomeNotice;
use crate::components::next_task::InNextTask;
use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use wham_api::models::ServerStatus;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <section class="page settings-page">
            <PageTitle text="Settings" />
            <h1>"Settings"</h1>
            <ConnectionPanel />
            // Each a task after the one above: built together the page was one long task
            // (the preferences at the fold, the rest below it).
            <InNextTask>
                <crate::pages::preferences::PreferencesPanel />
                <InNextTask>
                    <crate::pages::connected::GithubPanel />
                    <crate::pages::connected::CodeReviewPanel />
                    <crate::pages::connected::MachinesPanel />
                    <ScrollToFragment />
                </InNextTask>
            </InNextTask>
        </section>
    }
}

/// Once the last sections are in the page: `/settings#machines` opened by its address, or
/// reached from another page, shows its section.
#[component]
fn ScrollToFragment() -> impl IntoView {
    Effect::new(|_| crate::browser::scroll::scroll_to_fragment());
}

/// Edits the connection. The saved token is never shown back: the field starts empty and a
/// masked hint says one is set; leaving it empty keeps it.
#[component]
pub fn ConnectionPanel() -> impl IntoView {
    let api = use_api();
    let saved = api.connection.get_untracked();
    let base = RwSignal::new(saved.base.clone());
    let token = RwSignal::new(String::new());
    let account_id = RwSignal::new(saved.account_id.clone());
    let remember = RwSignal::new(saved.remember);
    let clear_token = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let current = api.connection.get_untracked();
        let new_token = if clear_token.get_untracked() {
            String::new()
        } else if token.get_untracked().trim().is_empty() {
            current.token.clone()
        } else {
            token.get_untracked()
        };
        let connection = Connection {
            base: base.get_untracked(),
            token: new_token,
            account_id: account_id.get_untracked(),
            remember: remember.get_untracked(),
        }
        .normalized();
        if let Err(error) = connection.validate() {
            message.set(Some((false, error)));
            return;
        }
        match connection.save() {
            Ok(()) => {
                api.connection.set(connection);
                api.auth_problem.set(None);
                token.set(String::new());
                clear_token.set(false);
                message.set(Some((true, "Saved. New requests use this connection.".into())));
            }
            Err(error) => message.set(Some((false, error))),
        }
    };

    let refused = move || {
        api.auth_problem.get().map(|problem| {
            view! {
                <p class="notice notice-error" role="alert">
                    "The server refused the request (401): "
                    {problem}
                    ". Check the token and account id below."
                </p>
            }
        })
    };
    view! {
        <form id="connection" class="panel" on:submit=save aria-labelledby="connection-title">
            <h2 id="connection-title">"Connection"</h2>
            <ConnectionStatus />
            {refused}
            <TextField id="api-base" label="API base" value=base placeholder=DEFAULT_BASE />
            <p class="hint">
                "A path on this site (default " <code>{DEFAULT_BASE}</code> ") or a URL of a WHAM server, such as a "
                <code>"wham-server --upstream"</code> " bridge."
            </p>
            <TextField
                id="api-token"
                label="Bearer token"
                value=token
                secret=true
                placeholder=Signal::derive(move || {
                    let masked = api.connection.get().masked_token();
                    if masked.is_empty() { "not set".to_string() } else { format!("set ({masked}); type to replace") }
                })
            />
            <Checkbox label="Remove the saved token" checked=clear_token />
            <TextField id="account-id" label="ChatGPT-Account-Id" value=account_id />
            <Checkbox label="Remember on this device" checked=remember />
            <p class="hint">
                "Without it, the connection lasts until this tab closes. "
                "The token is only ever sent to the API base above."
            </p>
            <button class="button primary" type="submit">
                "Save connection"
            </button>
            <OutcomeNotice outcome=message />
        </form>
    }
}

/// Where the app is connected, as the server tells it.
#[derive(Clone)]
enum Reach {
    /// A wham-server with simulated data.
    Local,
    /// The person's bridge to the real service.
    Bridge(ServerStatus),
    /// Something else answers the API base (the service itself, or another proxy).
    Direct,
}

async fn reach(api: ApiContext) -> Result<Reach, ApiError> {
    match api::account::server_status(api).await {
        Ok(status) if status.mode == "bridge" => Ok(Reach::Bridge(status)),
        Ok(status) if status.mode == "local" => Ok(Reach::Local),
        Ok(_) | Err(ApiError::Http { status: 404, .. }) | Err(ApiError::Decode(_)) => Ok(Reach::Direct),
        Err(error) => Err(error),
    }
}

/// "Through the local bridge to chatgpt.com", and whose accounts the token reaches.
#[component]
fn ConnectionStatus() -> impl IntoView {
    let api = use_api();
    let reach = LocalResource::new(move || {
        api.connection.track();
        reach(api)
    });
    let accounts = LocalResource::new(move || {
        api.connection.track();
        api::account::accounts_check(api)
    });
    let where_text = move || {
        reach.get().map(|result| match result {
            Ok(Reach::Local) => "This app talks to a local wham-server with simulated tasks.".to_string(),
            Ok(Reach::Bridge(status)) => {
                let host = status.upstream.unwrap_or_else(|| "the service".into());
                let expiry = if status.token_expired {
                    " Your Codex login has expired: run codex login again.".to_string()
                } else {
                    String::new()
                };
                format!("Through the local bridge to {host}, with your Codex login.{expiry}")
            }
            Ok(Reach::Direct) => format!("Directly to {}.", api.connection.get_untracked().base),
            Err(error) => error.message(),
        })
    };
    let accounts_view = move || {
        accounts.get().map(|result| match result {
            Ok(check) => {
                let summaries = check.summaries();
                if summaries.is_empty() {
                    return view! { <p class="hint">"The token reaches no account."</p> }.into_any();
                }
                let items = summaries
                    .into_iter()
                    .enumerate()
                    .map(|(index, account)| {
                        let name = account.name.clone().unwrap_or_else(|| "Personal account".into());
                        let plan = account.plan.map(|plan| format!(" · {plan}")).unwrap_or_default();
                        let current = if index == 0 { " (current)" } else { "" };
                        view! {
                            <li>
                                <strong>{name}</strong>
                                {plan}
                                <span class="hint">" " {account.id}{current}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div>
                        <p>"Accounts this login can use:"</p>
                        <ul class="account-list">{items}</ul>
                    </div>
                }
                .into_any()
            }
            Err(error) => view! { <p class="hint">"Accounts: " {error.message()}</p> }.into_any(),
        })
    };
    view! {
        <div class="connection-status" aria-live="polite">
            <p class="connection-where">
                {move || where_text().unwrap_or_else(|| "Checking the connection…".into())}
            </p>
            {accounts_view}
        </div>
    }
}
