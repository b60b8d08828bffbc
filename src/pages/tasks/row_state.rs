//! What changes in a task row without the row being rebuilt: whether it is selected, and how
//! many rows the list holds (its `aria-setsize`). Each row reads signals of its own, made with
//! the row and gone with it; one effect of the list writes them.
//!
//! Why rows do not read the list's own signals: rows come and go as the list scrolls, and a
//! signal or memo that outlives a row keeps an entry for every row that ever read it
//! (reactive_graph 0.2 drops a signal's entries for rows that are gone only when the signal next
//! changes, and a memo's never), each entry holding a block of memory. Scrolling through 200
//! tasks twenty times grew the wasm memory by 1.4–1.8 MB, and after scrolling through 1,000 tasks
//! six times each keystroke of a search spent 1.2 ms walking the entries of the filtered rows.

use leptos::prelude::*;

/// One row's state, as the row reads it.
pub struct RowState {
    pub selected: Signal<bool>,
    pub set_size: Signal<usize>,
}

/// A row built and not yet gone, with the signals the list writes for it.
#[derive(Clone, Copy)]
struct LiveRow {
    index: usize,
    selected: RwSignal<bool>,
    set_size: RwSignal<usize>,
}

/// The rows in view, each with the signals the list writes for it.
#[derive(Clone, Copy)]
pub struct RowStates {
    rows: StoredValue<Vec<LiveRow>>,
}

impl RowStates {
    /// Keeps every row's state in step with the list's `selected` row and row `count`.
    pub fn new(selected: Signal<Option<usize>>, count: Signal<usize>) -> Self {
        let states = Self { rows: StoredValue::new(Vec::new()) };
        Effect::new(move |_| {
            let selected = selected.get();
            let count = count.get();
            // Copied out first: a signal set below must not find the list borrowed.
            let rows = states.rows.try_with_value(|rows| rows.clone()).unwrap_or_default();
            for row in rows {
                let is_selected = selected == Some(row.index);
                if row.selected.try_get_untracked() != Some(is_selected) {
                    row.selected.try_set(is_selected);
                }
                if row.set_size.try_get_untracked() != Some(count) {
                    row.set_size.try_set(count);
                }
            }
        });
        states
    }

    /// The state of row `index`, starting as `selected` and `count`. Called as the row is built
    /// (in its owner), so the signals are the row's, and the row is forgotten when it goes.
    pub fn for_row(self, index: usize, selected: bool, count: usize) -> RowState {
        let row = LiveRow { index, selected: RwSignal::new(selected), set_size: RwSignal::new(count) };
        self.rows.try_update_value(|rows| rows.push(row));
        // A row is known by its own signal (two rows may share an index for a moment).
        on_cleanup(move || {
            self.rows.try_update_value(|rows| rows.retain(|live| live.selected != row.selected));
        });
        RowState { selected: row.selected.into(), set_size: row.set_size.into() }
    }
}
