//! Environment diagnostics: the environment posted to `/environments/test`, its output shown as
//! it streams.

use crate::components::load_states::OutcomeNotice;
use crate::components::virtual_list::VirtualList;
use leptos::prelude::*;
use wham_api::models::Environment;

/// Environment diagnostics: posts the environment to `/environments/test` and shows its output
/// as it streams.
#[component]
pub fn Diagnostics(environment: Environment) -> impl IntoView {
    use crate::live::transport::{self, Callbacks, StreamHandle};
    use crate::reactive::SetIfAlive;
    use send_wrapper::SendWrapper;
    use std::cell::RefCell;
    use std::rc::Rc;
    let api = crate::api::use_api();
    let lines = RwSignal::new(Vec::<String>::new());
    // The widest line so far, in columns: the rows are drawn only while in view, so they are
    // made this wide and a long line scrolls sideways instead of being cut off.
    let widest = RwSignal::new(0_usize);
    let outcome = RwSignal::new(None::<(bool, String)>);
    let running = RwSignal::new(false);
    let handle: SendWrapper<Rc<RefCell<Option<StreamHandle>>>> = SendWrapper::new(Rc::new(RefCell::new(None)));
    let body = serde_json::to_value(&environment).unwrap_or_default();
    let start = {
        let handle = handle.clone();
        move |_| {
            lines.set(Vec::new());
            widest.set(0);
            outcome.set(None);
            running.set(true);
            let settings = api.connection.get_untracked();
            let url = crate::api::environments::test_url(api);
            let headers = crate::api::credential_headers(&url, &settings);
            let callbacks = Callbacks {
                on_open: Box::new(|| {}),
                on_item: Box::new(move |item| {
                    if let Some(line) = item.line.clone() {
                        let columns = wham_model::text_columns::columns(&line);
                        widest.update_if_alive(|widest| *widest = (*widest).max(columns));
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
            <div class="wide-rows" style=("--rows-width", move || format!("calc({}ch + 1rem)", widest.get()))>
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
            </div>
            <OutcomeNotice outcome=outcome />
        </section>
    }
}

/// Row height in pixels; `.diagnostic-line` has this height in the stylesheet.
const DIAGNOSTIC_ROW_HEIGHT: f64 = 20.0;
