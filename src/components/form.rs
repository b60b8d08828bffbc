//! Form controls bound to signals, written once: a labelled text field, a checkbox, a radio, a
//! message at a field, a select of choices.

use leptos::prelude::*;

/// A labelled one-line text field bound to `value`.
#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    /// A password field (the browser hides what is typed).
    #[prop(optional)]
    secret: bool,
    #[prop(optional, into)] placeholder: Signal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            type=if secret { "password" } else { "text" }
            prop:value=move || value.get()
            on:input=move |event| value.set(event_target_value(&event))
            placeholder=move || placeholder.get()
            autocomplete="off"
        />
    }
}

/// A checkbox with its label, bound to `checked`.
#[component]
pub fn Checkbox(#[prop(into)] label: String, checked: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || checked.get()
                on:change=move |event| checked.set(event_target_checked(&event))
            />
            " "
            {label}
        </label>
    }
}

/// A radio button with its label: checked while `selected` says so; choosing it runs `choose`.
#[component]
pub fn Radio(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] selected: Signal<bool>,
    choose: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="radio" name=name prop:checked=move || selected.get() on:change=move |_| choose() />
            " "
            {label}
        </label>
    }
}

/// What is wrong with a field, under it; nothing when all is well.
#[component]
pub fn FieldError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <p class="field-error" role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// A select of `(value, label)` choices after an "any" choice with the empty value; `value` is
/// the current one, `choose` gets the one picked.
#[component]
pub fn ChoiceSelect(
    label: &'static str,
    any: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] choices: Signal<Vec<(String, String)>>,
    choose: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <select
            aria-label=label
            prop:value=move || value.get()
            on:change=move |event| choose(event_target_value(&event))
        >
            <option value="">{any}</option>
            {move || {
                choices
                    .get()
                    .into_iter()
                    .map(|(choice, text)| {
                        let selected = value.with(|value| *value == choice);
                        view! {
                            <option value=choice selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
