//! A long conversation's rounds, built one a frame when the page is first built.
//!
//! A task of 16 rounds built them all in one main-thread task of 53–99 ms (each answer's
//! markdown, actions and tabs), and its first frame laid out all 16 at once (50–100 ms more,
//! with each answer's diff measured). Built each in a task of their own, back to back, the
//! browser still painted nothing between them and laid all 16 out in one frame. So the first
//! round is built with the page and each round below it after the frame that painted the one
//! before: each frame lays out one more round, top to bottom, the first one at once.

use leptos::prelude::*;
use std::collections::VecDeque;

/// The rounds waiting for their frame, in the page's order.
#[derive(Default)]
pub struct RoundPacing {
    waiting: VecDeque<RwSignal<bool>>,
    /// Whether the next round's build is already asked for.
    scheduled: bool,
    /// Set once the first build's rounds are all built: a round built after that (a
    /// follow-up, a round rebuilt as its turn changes) is built at once, as an empty round
    /// between two frames could be painted.
    done: bool,
}

/// Whether a round built now must wait for its frame.
pub fn must_wait(pacing: StoredValue<RoundPacing>) -> bool {
    pacing.try_with_value(|pacing| !pacing.done).unwrap_or(false)
}

/// Sets `ready` once the rounds queued before it are built and a frame has been painted since
/// the last of them.
pub fn build_after_paint(pacing: StoredValue<RoundPacing>, ready: RwSignal<bool>) {
    let schedule = pacing
        .try_update_value(|pacing| {
            pacing.waiting.push_back(ready);
            !std::mem::replace(&mut pacing.scheduled, true)
        })
        .unwrap_or(false);
    if schedule {
        next_after_paint(pacing);
    }
}

fn next_after_paint(pacing: StoredValue<RoundPacing>) {
    // An animation frame callback runs before its frame's paint; a task queued from it after.
    request_animation_frame(move || {
        crate::browser::tasks::queue_task(move || {
            let Some((next, more)) = pacing.try_update_value(|pacing| {
                let next = pacing.waiting.pop_front();
                let more = !pacing.waiting.is_empty();
                pacing.scheduled = more;
                pacing.done = !more;
                (next, more)
            }) else {
                return;
            };
            if let Some(next) = next {
                next.try_set(true);
            }
            if more {
                next_after_paint(pacing);
            }
        })
    });
}
