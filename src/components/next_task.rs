//! A part of a page built in the main-thread task after the rest of it.
//!
//! V8 compiles each WebAssembly function on its first call, in the task that makes it, so a
//! page opened for the first time costs its code's compiling as well as its building: the
//! settings page built at once was one task of 51–54 ms (our standard: none over 50). Its parts
//! below the fold come a task later, which the person does not see.

use crate::browser::tasks::queue_task;
use leptos::prelude::*;

/// Builds `children` in the next task (nothing until then).
#[component]
pub fn InNextTask(children: ChildrenFn) -> impl IntoView {
    let ready = true_in_next_task();
    move || ready.get().then(|| children())
}

/// False now, true from the next task on: what reads it is built (or rebuilt) there.
pub fn true_in_next_task() -> Signal<bool> {
    let ready = RwSignal::new(false);
    queue_task(move || {
        ready.try_set(true);
    });
    ready.into()
}
