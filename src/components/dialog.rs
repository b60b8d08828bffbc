//! A modal dialog: a backdrop that closes it when clicked, a titled box that does not.

use leptos::prelude::*;

/// Shown while `open` is true; `title_id` names the heading that labels it.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    title: &'static str,
    title_id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id
                    on:click=|event| event.stop_propagation()
                >
                    <h2 id=title_id>{title}</h2>
                    {children()}
                </div>
            </div>
        </Show>
    }
}
