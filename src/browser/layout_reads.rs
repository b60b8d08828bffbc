//! Reads of the page's layout, made together in one frame callback before any of their writes.
//!
//! Reading a box's `scrollTop` or height makes the browser lay the page out first if anything
//! changed since its last layout. Each virtual list (a task's page has a diff for every answer)
//! used to measure itself in a frame callback of its own and set its signals there, and the
//! views those signals drive changed the page in the microtasks between two callbacks: the next
//! list's read laid the whole page out again. A task of 16 answers opened cold spent 466 ms in
//! `scrollTop` (profiled), in tasks of 50–156 ms for two seconds. Queued here, a frame's reads
//! all run first and their writes after: one layout a frame, however many lists.

use leptos::prelude::request_animation_frame;
use std::cell::RefCell;

/// What a read found, to be written once every read of the frame is done.
pub type Write = Box<dyn FnOnce()>;

type Read = Box<dyn FnOnce() -> Option<Write>>;

thread_local! {
    // The reads waiting for the next frame; a frame callback is requested with the first.
    static QUEUED: RefCell<Vec<Read>> = const { RefCell::new(Vec::new()) };
}

/// Runs `read` in the next frame's callback, with the frame's other reads, and then the write it
/// returns, after all of them.
pub fn read_next_frame(read: impl FnOnce() -> Option<Write> + 'static) {
    let first = QUEUED.with_borrow_mut(|queued| {
        queued.push(Box::new(read));
        queued.len() == 1
    });
    if first {
        request_animation_frame(run_queued);
    }
}

fn run_queued() {
    // Taken first: a read that queues another (for the next frame) finds an empty queue and
    // asks for a frame of its own.
    let reads = QUEUED.with_borrow_mut(std::mem::take);
    let writes: Vec<Write> = reads.into_iter().filter_map(|read| read()).collect();
    for write in writes {
        write();
    }
}
