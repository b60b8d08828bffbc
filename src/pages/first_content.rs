//! The moment the first page's content is on screen, for code that can wait until then.
//!
//! The parts of the list page that the rows do not need (the prompt box, the header's tools)
//! and every other page's code are split off (`pages::lazy`) and fetched at start. Fetched
//! before the list's first answer, their many small files fill the browser's few connections
//! to the server (six under HTTP/1.1) and the list's request waits in line behind them: the
//! first rows came about half a second later. So they wait for this. And not only for the
//! answer: for the frame that shows its rows to be painted, and the browser to be idle after
//! it (fetching and starting ~60 small modules took ~50 ms of the main thread, which, in the
//! answer's task, came before the rows' paint). A page opened by its address holds the gate
//! the same way until it is built: its own code and requests come first.

use leptos::prelude::*;

/// Whether the first page's content is on screen (or will never be waited for).
#[derive(Clone, Copy)]
pub struct FirstContent {
    shown: RwSignal<bool>,
    /// Set once [`FirstContent::shown`] was called: the signal follows after the paint.
    announced: StoredValue<bool>,
}

/// The longest the split-off code waits: the list's answer may never come.
const LONGEST_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

impl FirstContent {
    /// Provides the gate to the app, closed until the first page's content is built: the task
    /// list says so with its first answer, a lazily loaded page once its code came and it is
    /// built (`pages::lazy`), any other page as it is built. Opened on a page's address, the
    /// header's tools were fetched and started in the middle of that page's start (its own
    /// code, its requests, its build) on every page but the list.
    pub fn provide() -> Self {
        let first_content = FirstContent { shown: RwSignal::new(false), announced: StoredValue::new(false) };
        set_timeout(move || first_content.shown(), LONGEST_WAIT);
        provide_context(first_content);
        first_content
    }

    /// The first content is built (or failed to come): what waited may load once it is
    /// painted and the browser is idle.
    pub fn shown(self) {
        if self.announced.try_get_value() == Some(false) {
            self.announced.try_set_value(true);
            crate::start::when_painted_and_idle(move || {
                self.shown.try_set(true);
            });
        }
    }

    /// Runs `then` once the first content is shown (soon, if it already is).
    pub fn when_shown(self, then: impl FnOnce() + 'static) {
        let mut then = Some(then);
        Effect::new(move |_| {
            if self.shown.try_get().unwrap_or(true) {
                if let Some(then) = then.take() {
                    then();
                }
            }
        });
    }

    /// Whether the first content is shown (untracked).
    pub fn is_shown_untracked(self) -> bool {
        self.shown.try_get_untracked().unwrap_or(true)
    }
}

/// The app's gate, if there is one (a component tested alone has none, and need not wait).
pub fn use_first_content() -> Option<FirstContent> {
    use_context::<FirstContent>()
}
