//! Toasts: short messages after an action ("Archived", or the server's error), announced to
//! screen readers through a live region.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn new() -> Self {
        Toasts { list: RwSignal::new(Vec::new()), next: StoredValue::new(0) }
    }

    fn push(&self, text: String, is_error: bool) {
        let id = self.next.get_value() + 1;
        self.next.set_value(id);
        self.list.update(|list| list.push(Toast { id, text, is_error }));
        let list = self.list;
        // Errors stay longer: they are worth reading.
        let millis = if is_error { 9000 } else { 4000 };
        set_timeout(
            move || list.update(|list| list.retain(|toast| toast.id != id)),
            std::time::Duration::from_millis(millis),
        );
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    pub fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|toast| toast.id != id));
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

/// The app's toasts, or a fresh set (tests that mount one component).
pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_else(|| {
        let toasts = Toasts::new();
        provide_context(toasts);
        toasts
    })
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|toast| toast.id let:toast>
                <div class=if toast.is_error { "toast toast-error" } else { "toast" }>
                    <span>{toast.text.clone()}</span>
                    <button class="toast-close" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>"×"</button>
                </div>
            </For>
        </div>
    }
}
