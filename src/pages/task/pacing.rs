//! A long conversation's rounds, built one a frame when the page is first built.
//!
//! A task of 16 rounds built them all in one main-thread task of 53–99 ms (each answer's
//! markdown, actions and tabs), and its first frame laid out all 16 at once (50–100 ms more,
//! with each answer's diff measured). Built each in a task of their own, back to back, the
//! browser still painted nothing between them and laid all 16 out in one frame. So the first
//! round is built with the page and each round below it after the frame that painted the one
//! before: each frame lays out one more round, top to bottom, the first one at once (in a
//! hidden tab, which paints no frames, one every 100 ms or so).

use leptos::prelude::*;
use std::collections::VecDeque;

/// The rounds waiting for their frame, in the page's order.
#[derive(Default)]
pub struct RoundPacing {
    /// While any waits, the next one's build is asked for.
    waiting: VecDeque<RwSignal<bool>>,
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
            pacing.waiting.len() == 1
        })
        .unwrap_or(false);
    if schedule {
        next_after_paint(pacing);
    }
}

/// The longest a round waits for a frame: a hidden tab paints none (its rounds would wait until
/// it is shown, a running answer's stream with them, and the person would not be told when it
/// ends), and runs its timers at most once a second.
const LONGEST_FRAME_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

fn next_after_paint(pacing: StoredValue<RoundPacing>) {
    // After the next frame, or `LONGEST_FRAME_WAIT`, whichever comes first (once). An animation
    // frame callback runs before its frame's paint; a task queued from it after.
    let taken = std::rc::Rc::new(std::cell::Cell::new(false));
    let step = move || {
        if !taken.replace(true) {
            crate::browser::tasks::queue_task(move || build_next(pacing));
        }
    };
    request_animation_frame(step.clone());
    set_timeout(step, LONGEST_FRAME_WAIT);
}

/// Builds the first waiting round, and asks for the next one's frame if another waits.
fn build_next(pacing: StoredValue<RoundPacing>) {
    let Some((next, more)) = pacing.try_update_value(|pacing| {
        let next = pacing.waiting.pop_front();
        let more = !pacing.waiting.is_empty();
        pacing.done = !more;
        (next, more)
    }) else {
        return; // the page is gone
    };
    if let Some(next) = next {
        next.try_set(true);
    }
    if more {
        next_after_paint(pacing);
    }
}
