//! Toasts: short messages after an action ("Archived", or the server's error), announced to
//! screen readers through a live region.

use leptos::prelude::*;

#[derive(Clone)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
    /// A button in the toast ("Undo") and what it does. A plain shared closure, not a Leptos
    /// `Callback`: the toast outlives the component that raised it (the discarded attempt's
    /// view is gone by the time Undo is clicked), and a `Callback` dies with its owner.
    pub action: Option<(String, ToastAction)>,
}

/// What a toast's button does.
pub type ToastAction = std::sync::Arc<dyn Fn() + Send + Sync>;

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn new() -> Self {
        Toasts { list: RwSignal::new(Vec::new()), next: StoredValue::new(0) }
    }

    fn push(&self, text: String, is_error: bool, action: Option<(String, ToastAction)>) {
        let id = self.next.get_value() + 1;
        self.next.set_value(id);
        // Errors and toasts with an action stay longer: they are worth reading or using.
        let millis = if is_error || action.is_some() { 9000 } else { 4000 };
        self.list.update(|list| list.push(Toast { id, text, is_error, action }));
        let list = self.list;
        set_timeout(
            move || {
                list.try_update(|list| list.retain(|toast| toast.id != id));
            },
            std::time::Duration::from_millis(millis),
        );
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false, None);
    }

    /// A success with a button, such as "Attempt discarded · Undo".
    pub fn success_with(
        &self,
        text: impl Into<String>,
        label: impl Into<String>,
        action: impl Fn() + Send + Sync + 'static,
    ) {
        self.push(text.into(), false, Some((label.into(), std::sync::Arc::new(action))));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true, None);
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
                    {toast
                        .action
                        .clone()
                        .map(|(label, action)| {
                            view! {
                                <button
                                    class="button small toast-action"
                                    on:click=move |_| {
                                        toasts.dismiss(toast.id);
                                        action();
                                    }
                                >
                                    {label}
                                </button>
                            }
                        })}
                    <button class="toast-close" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
