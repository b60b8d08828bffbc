//! The follow-up composer at the end of the conversation (`follow_up`), Ask or Code.

use super::use_task;
use crate::api::{use_api, ApiError};
use crate::components::form::Checkbox;
use crate::components::load_states::ErrorNotice;
use crate::components::toast::use_toasts;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wham_api::models::CreateTaskRequest;

#[component]
pub fn FollowUpComposer(turn_id: String) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let toasts = use_toasts();
    let storage_key = format!("wham-web.follow-up.{}", context.task_id.get_untracked());
    let text = RwSignal::new(LocalStorage::get::<String>(&storage_key).unwrap_or_default());
    let ask_mode = RwSignal::new(false);
    let attempts = RwSignal::new(1u32);
    let error = RwSignal::new(None::<ApiError>);
    let key_for_effect = storage_key.clone();
    Effect::new(move |_| {
        let _ = LocalStorage::set(&key_for_effect, text.get());
    });
    // "Retry as a follow-up" on a failed turn: the text arrives here, and the field gets focus.
    Effect::new(move |_| {
        if let Some(prefill) = context.follow_up_prefill.get() {
            text.set(prefill);
            context.follow_up_prefill.set(None);
            if let Some(field) = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("follow-up-text"))
                .and_then(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok())
            {
                let _ = field.focus();
            }
        }
    });
    let turn_id = StoredValue::new(turn_id);
    let storage_key = StoredValue::new(storage_key);
    let send = Action::new_local(move |body: &CreateTaskRequest| {
        let body = body.clone();
        async move { crate::api::tasks::create(api, &body).await }
    });
    let pending = send.pending();
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            text.set(String::new());
            LocalStorage::delete(storage_key.get_value());
            toasts.success("Follow-up sent");
            crate::reactive::run_if_alive(context.reload);
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let prompt = text.get_untracked();
        if prompt.trim().is_empty() {
            return;
        }
        error.set(None);
        send.dispatch(CreateTaskRequest::follow_up(
            &context.task_id.get_untracked(),
            &turn_id.get_value(),
            prompt.trim(),
            ask_mode.get_untracked(),
            attempts.get_untracked(),
        ));
    };
    view! {
        <form class="panel follow-up" on:submit=submit aria-label="Follow up">
            <label for="follow-up-text">"Follow up"</label>
            <textarea
                id="follow-up-text"
                rows="3"
                placeholder="Ask for changes or a question about this answer…"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            ></textarea>
            <div class="form-actions">
                <Checkbox label="Ask only (no code changes)" checked=ask_mode />
                <label>
                    "Attempts "
                    <select
                        prop:value=move || attempts.get().to_string()
                        on:change=move |event| attempts.set(event_target_value(&event).parse().unwrap_or(1))
                    >
                        {(1..=4).map(|count| view! { <option value=count.to_string()>{count}</option> }).collect_view()}
                    </select>
                </label>
                <button class="button primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Sending…" } else { "Send" }}
                </button>
            </div>
            <ErrorNotice error=error />
        </form>
    }
}
