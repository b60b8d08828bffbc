//! Code run in a main-thread task of its own, as soon as the thread is free.
//!
//! `setTimeout(f, 0)` is not that: timers nested five deep wait at least 4 ms, and a hidden page
//! (a tab opened in the background) runs its timers at most once a second, so the start's
//! chained stages (`start`) would take seconds there. A message posted on a `MessageChannel` is
//! a task the browser runs as soon as it can, hidden or not; React's scheduler yields the same
//! way. One channel serves every call, in order: a port with a handler stays alive with it.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The channel and the callbacks waiting for their message, first queued first.
struct Queue {
    channel: web_sys::MessageChannel,
    waiting: VecDeque<Box<dyn FnOnce()>>,
}

thread_local! {
    static QUEUE: RefCell<Option<Queue>> = const { RefCell::new(None) };
}

/// Runs `then` in a task of its own, after the current one (and its microtasks).
pub fn queue_task(then: impl FnOnce() + 'static) {
    let posted = QUEUE.with_borrow_mut(|queue| {
        if queue.is_none() {
            *queue = new_queue();
        }
        let Some(queue) = queue.as_mut() else { return Err(then) };
        match queue.channel.port2().post_message(&JsValue::NULL) {
            Ok(()) => {
                queue.waiting.push_back(Box::new(then));
                Ok(())
            }
            Err(_) => Err(then),
        }
    });
    // No channel (a browser without one): a timer is the next best thing.
    if let Err(then) = posted {
        leptos::prelude::set_timeout(then, Duration::ZERO);
    }
}

/// Waits for a task of its own: what follows the `.await` runs there.
pub async fn next_task() {
    let (sender, receiver) = futures::channel::oneshot::channel();
    queue_task(move || {
        let _ = sender.send(());
    });
    let _ = receiver.await;
}

fn new_queue() -> Option<Queue> {
    let channel = web_sys::MessageChannel::new().ok()?;
    // Each message runs the callback queued with it; the handler lives as long as the page.
    let on_message = Closure::<dyn FnMut()>::new(|| {
        let next = QUEUE.with_borrow_mut(|queue| queue.as_mut().and_then(|queue| queue.waiting.pop_front()));
        if let Some(next) = next {
            next();
        }
    });
    channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Some(Queue { channel, waiting: VecDeque::new() })
}
