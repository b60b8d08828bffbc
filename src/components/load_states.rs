//! Loading, empty and error states, so every page shows something readable.

use crate::api::ApiError;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <p class="state state-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

#[component]
pub fn Empty(#[prop(into)] title: String, #[prop(optional, into)] hint: String) -> impl IntoView {
    view! {
        <div class="state state-empty">
            <p class="state-title">{title}</p>
            <p class="state-hint">{hint}</p>
        </div>
    }
}

/// An API error with a retry button.
#[component]
pub fn ErrorView(error: ApiError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let unauthorized = matches!(error, ApiError::Unauthorized(_));
    let retryable = error.is_retryable();
    view! {
        <div class="state state-error" role="alert">
            <p class="state-title">{error.message()}</p>
            {unauthorized
                .then(|| {
                    view! {
                        <p>
                            <a href="/settings#connection">"Open Settings → Connection"</a>
                        </p>
                    }
                })}
            {retry
                .filter(|_| retryable)
                .map(|retry| {
                    view! {
                        <button class="button" on:click=move |_| retry.run(())>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}

/// A page's one thing (`noun`: "task") that the server does not have (a 404): said in words
/// first, with the server's own message under it ("task \"…\" not found", or the real
/// service's "Not Found"), and no Try again, which would not make it appear. Its own component,
/// used only by pages that load later, so its code stays out of the first load.
#[component]
pub fn Missing(noun: &'static str, error: ApiError) -> impl IntoView {
    view! {
        <div class="state state-error state-missing" role="alert">
            <p class="state-title">{format!("This {noun} does not exist")}</p>
            <p class="state-hint">
                {format!("It may have been deleted, or the address is wrong. The server said: {}", error.message())}
            </p>
        </div>
    }
}

/// What an error boundary shows: every error, in words, never a blank page.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="state state-error" role="alert">
            <p class="state-title">"Something went wrong on this page."</p>
            <ul>
                {move || {
                    errors.get().into_iter().map(|(_, error)| view! { <li>{error.to_string()}</li> }).collect_view()
                }}
            </ul>
            <p>
                <a href="/">"Back to tasks"</a>
            </p>
        </div>
    }
}

/// A failure of what the person just did, in words, under the form; nothing when there is none.
#[component]
pub fn ErrorNotice(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|failure| {
            view! {
                <p class="notice notice-error" role="alert">
                    {failure.message()}
                </p>
            }
        })
    }
}

/// How an action went: `(true, text)` said as done, `(false, text)` as failed.
#[component]
pub fn OutcomeNotice(#[prop(into)] outcome: Signal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        outcome.get().map(|(ok, text)| {
            view! {
                <p class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status">
                    {text}
                </p>
            }
        })
    }
}

/// The one way a page shows a load: "Loading…" until the first answer, then `view` of the
/// value, or the error with a retry. A re-read keeps what is shown until its answer arrives
/// (a `Transition`), so a refresh never blanks the page. With `missing` ("environment"), a
/// 404 shows [`Missing`].
#[component]
pub fn Loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiError>>,
    loading: &'static str,
    view: F,
    #[prop(optional)] missing: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let retry = Callback::new(move |_| resource.refetch());
    view! {
        <Transition fallback=move || {
            view! { <Loading label=loading /> }
        }>
            {
                let view = view.clone();
                move || {
                    let view = view.clone();
                    Suspend::new(async move {
                        match resource.await {
                            Ok(value) => view(value).into_any(),
                            Err(error) => {
                                match missing.filter(|_| error.is_not_found()) {
                                    Some(noun) => view! { <Missing noun=noun error=error /> }.into_any(),
                                    None => view! { <ErrorView error=error retry=retry /> }.into_any(),
                                }
                            }
                        }
                    })
                }
            }
        </Transition>
    }
}
