//! "Send feedback" from any page (`POST /wham/feedback`): a small dialog in the header with a
//! rating and a message; the task being viewed goes with it. Nothing typed is lost on a failure.

use super::dialog::Dialog;
use crate::api::{use_api, ApiError};
use crate::components::form::Radio;
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wham_api::models::Feedback;

#[component]
pub fn SendFeedback() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let location = use_location();
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let rating = RwSignal::new(String::from("thumbs_up"));
    let error = RwSignal::new(None::<ApiError>);
    let post = Action::new_local(move |feedback: &Feedback| {
        let feedback = feedback.clone();
        async move { crate::api::account::send_feedback(api, &feedback).await }
    });
    Effect::new(move |_| match post.value().get() {
        Some(Ok(_)) => {
            open.set(false);
            text.set(String::new());
            error.set(None);
            toasts.success("Thanks: your feedback was sent");
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if text.with_untracked(|text| text.trim().is_empty()) {
            return;
        }
        // The task on screen, if any, is what the feedback is about.
        let task_id = location.pathname.get_untracked().strip_prefix("/tasks/").map(str::to_string);
        post.dispatch(Feedback {
            task_id,
            rating: Some(rating.get_untracked()),
            text: Some(text.get_untracked()),
            ..Default::default()
        });
    };
    let close_on_escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" {
            open.try_set(false);
        }
    });
    on_cleanup(move || close_on_escape.remove());
    view! {
        <button class="button small feedback-button" on:click=move |_| open.set(true)>
            "Feedback"
        </button>
        <Dialog open=open title="Send feedback" title_id="feedback-title">
            <form on:submit=submit>
                <fieldset class="choices">
                    <legend>"How is it going?"</legend>
                    {[("thumbs_up", "Good"), ("thumbs_down", "Not good")]
                        .map(|(value, label)| {
                            view! {
                                <Radio
                                    name="rating"
                                    label=label
                                    selected=Signal::derive(move || rating.get() == value)
                                    choose=move || rating.set(value.into())
                                />
                            }
                        })}
                </fieldset>
                <label for="feedback-text">"What should we know?"</label>
                <textarea
                    id="feedback-text"
                    rows="4"
                    autofocus
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                ></textarea>
                {move || {
                    error
                        .get()
                        .map(|failure| {
                            view! {
                                <p class="field-error" role="alert">
                                    {failure.message()}
                                </p>
                            }
                        })
                }}
                <div class="form-actions">
                    <button
                        class="button primary"
                        type="submit"
                        disabled=move || post.pending().get() || text.with(|text| text.trim().is_empty())
                    >
                        {move || if post.pending().get() { "Sending…" } else { "Send" }}
                    </button>
                    <button class="button" type="button" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
