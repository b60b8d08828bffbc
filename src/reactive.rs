//! Setting signals from async code. A request may finish after the person left the page, when
//! the signals it would set are gone; a plain `set` would then panic and kill the whole app, so
//! code that runs after an `await` (or from a browser callback) uses these instead.

use leptos::prelude::*;

pub trait SetIfAlive<T> {
    /// Sets the value unless the signal was disposed.
    fn set_if_alive(&self, value: T);
    /// Updates the value unless the signal was disposed.
    fn update_if_alive(&self, change: impl FnOnce(&mut T));
}

impl<T: Send + Sync + 'static> SetIfAlive<T> for RwSignal<T> {
    fn set_if_alive(&self, value: T) {
        let _ = self.try_set(value);
    }

    fn update_if_alive(&self, change: impl FnOnce(&mut T)) {
        let _ = self.try_update(change);
    }
}

/// Runs a callback unless its owner was disposed.
pub fn run_if_alive(callback: Callback<()>) {
    let _ = callback.try_run(());
}
