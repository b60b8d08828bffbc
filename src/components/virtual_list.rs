//! A list that renders only the rows in view, so 10,000 rows (or a 20,000-line diff) stay as
//! fast as 30: rows have a fixed height, and the rows rendered are those between the scroll
//! position and the bottom of the viewport, plus a small overscan. It scrolls in a box of its
//! own (a diff, logs) or, with `follow_window`, with the page (the task list: one scroll
//! container, so a short list leaves no empty box and a phone no second scrollbar).
//!
//! The first rows are only those the window can show: the overscan is added once they are
//! painted and the browser is idle. Building rows is about a quarter of the start's task after
//! the app is instantiated, and the task list's first page has 20 where a 720-pixel window
//! shows about 8.

use leptos::html::Div;
use leptos::prelude::*;
use std::hash::Hash;
use wham_model::visible_range::{visible_range, OVERSCAN};

#[component]
pub fn VirtualList<T, K, KeyFn, RowFn, RowView>(
    /// All rows.
    #[prop(into)]
    items: Signal<Vec<T>>,
    /// The height of each row in pixels (CSS must give rows this height).
    row_height: f64,
    key: KeyFn,
    /// Renders row `index`.
    row: RowFn,
    /// Class of the scrolling container.
    #[prop(into)]
    class: String,
    /// Accessible name of the list.
    #[prop(into)]
    label: String,
    /// Called when the last rows come into view (load the next page).
    #[prop(optional)]
    on_end_reached: Option<Callback<()>>,
    /// How many rows past those rendered (which go `OVERSCAN` rows below the viewport)
    /// `on_end_reached` is called; at least `OVERSCAN`. A page's worth past the viewport keeps
    /// the next page asked for ahead of the person: when a page comes while they are at the
    /// end, the next is asked for at once, not at their next scroll.
    #[prop(optional)]
    load_ahead: usize,
    /// When set, scrolls so this row is visible.
    #[prop(optional, into)]
    scroll_to: Option<Signal<Option<usize>>>,
    /// When set, scrolls so this row is at the top (jump to a file in a diff).
    #[prop(optional, into)]
    jump_to: Option<Signal<Option<usize>>>,
    /// Where the list was scrolled: read when it mounts (to scroll back there) and kept up to
    /// date as it scrolls, so a page can restore it when the person comes back.
    #[prop(optional)]
    scroll_memory: Option<StoredValue<f64>>,
    /// Scrolls with the page instead of in its own box.
    #[prop(optional)]
    follow_window: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Eq + Hash + Clone + Send + Sync + 'static,
    KeyFn: Fn(&T) -> K + Clone + Send + Sync + 'static,
    RowFn: Fn(usize, T) -> RowView + Clone + Send + Sync + 'static,
    RowView: IntoView + 'static,
{
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    // Until measured, the window's height: an upper bound on what the list can show, read
    // without laying out the page (which is still being built).
    let viewport = RwSignal::new(window_height());
    let overscan = RwSignal::new(0_usize);
    crate::start::when_painted_and_idle(move || {
        overscan.try_set(OVERSCAN);
    });

    // Where the list's box is scrolled to (its own scroll, or how far the page has scrolled
    // past the list's top), and how much of it the viewport can show.
    let position = move |element: &web_sys::HtmlDivElement| -> (f64, f64) {
        if follow_window {
            let top = element.get_bounding_client_rect().top();
            ((-top).max(0.0), window_height())
        } else {
            (element.scroll_top() as f64, element.client_height() as f64)
        }
    };
    // `try_` throughout: a browser event may arrive after the list is gone. Measuring is a read
    // of the layout and a write of what it found; `measure` does both at once (after a scroll
    // of this list, when only it changed), `measure_next_frame` with every other list's read
    // in the next frame (`browser::layout_reads`: a page of many lists laid out once).
    let read = move || -> Option<crate::browser::layout_reads::Write> {
        let element = container.try_get_untracked().flatten()?;
        let (top, height) = position(&element);
        let remembered = if follow_window { window().scroll_y().unwrap_or(0.0) } else { top };
        Some(Box::new(move || {
            scroll_top.try_set(top);
            if let Some(memory) = scroll_memory {
                memory.try_set_value(remembered);
            }
            if height > 0.0 {
                viewport.try_set(height);
            }
        }))
    };
    let measure = move || {
        if let Some(write) = read() {
            write();
        }
    };
    let measure_next_frame = move || crate::browser::layout_reads::read_next_frame(read);
    // Scrolls so that the list's own offset `top` is at the top of the view.
    let scroll_list_to = move |element: &web_sys::HtmlDivElement, top: f64| {
        if follow_window {
            let page_top = window().scroll_y().unwrap_or(0.0) + element.get_bounding_client_rect().top();
            window().scroll_to_with_x_and_y(0.0, page_top + top);
        } else {
            element.set_scroll_top(top as i32);
        }
    };
    // Measure once mounted (at the next frame: reading the layout now would force the browser
    // to lay out the page in the middle of building it), and whenever the window resizes.
    // Also whenever the number of rows changes: a list whose box grows with its rows (a diff
    // after "Collapse all", then "Expand all") would otherwise keep the small height it had,
    // and show a few rows above blank space.
    // The remembered position is applied once, when the rows it was measured with are back.
    let restore = StoredValue::new(scroll_memory.map(|memory| memory.get_value()).filter(|top| *top > 0.0));
    Effect::new(move |_| {
        items.with(Vec::len);
        if container.get().is_some() {
            crate::browser::layout_reads::read_next_frame(move || {
                let element = container.try_get_untracked().flatten()?;
                // A scroll, before the read: only the list that remembers one (the task list,
                // once) has the page laid out again for it.
                if let Some(top) = restore.try_get_value().flatten() {
                    if follow_window {
                        window().scroll_to_with_x_and_y(0.0, top);
                    } else {
                        element.set_scroll_top(top as i32);
                    }
                    restore.try_set_value(None);
                }
                read()
            });
        }
    });
    // Removed with the list: a listener left behind would fire on a disposed list at every
    // resize (a phone's rotation, its keyboard opening).
    let resize = leptos::prelude::window_event_listener(leptos::ev::resize, move |_| measure_next_frame());
    let page_scroll =
        follow_window.then(|| leptos::prelude::window_event_listener(leptos::ev::scroll, move |_| measure()));
    on_cleanup(move || {
        resize.remove();
        if let Some(page_scroll) = page_scroll {
            page_scroll.remove();
        }
    });

    let range = Memo::new(move |_| {
        visible_range(scroll_top.get(), viewport.get(), row_height, items.with(Vec::len), overscan.get())
    });

    // Ask for more rows when the end is near.
    if let Some(on_end_reached) = on_end_reached {
        Effect::new(move |_| {
            let (_, end) = range.get();
            let count = items.with(Vec::len);
            if count == 0 || end + OVERSCAN.max(load_ahead) >= count {
                on_end_reached.run(());
            }
        });
    }

    if let Some(scroll_to) = scroll_to {
        Effect::new(move |_| {
            let Some(index) = scroll_to.get() else { return };
            let Some(element) = container.get_untracked() else {
                return;
            };
            let top = index as f64 * row_height;
            let (view_top, height) = position(&element);
            if top < view_top {
                scroll_list_to(&element, top);
            } else if top + row_height > view_top + height {
                scroll_list_to(&element, top + row_height - height);
            }
            measure();
        });
    }
    if let Some(jump_to) = jump_to {
        Effect::new(move |_| {
            let Some(index) = jump_to.get() else { return };
            if let Some(element) = container.get_untracked() {
                scroll_list_to(&element, index as f64 * row_height);
                measure();
            }
        });
    }

    let visible = move || {
        let (first, end) = range.get();
        items.with(|items| {
            items
                .get(first..end)
                .map(|slice| {
                    slice.iter().cloned().enumerate().map(|(offset, item)| (first + offset, item)).collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    // Whole pixels, formatted as integers: formatting an f64 would bring float printing into
    // the first load for this alone.
    let total_height = move || (items.with(Vec::len) as f64 * row_height).round() as i64;
    let offset = move || (range.get().0 as f64 * row_height).round() as i64;
    let key = StoredValue::new(key);
    let row = StoredValue::new(row);

    view! {
        <div
            class=class
            class:follows-window=follow_window
            node_ref=container
            on:scroll=move |_| measure()
            role="list"
            aria-label=label
        >
            <div class="vlist-spacer" style:height=move || format!("{}px", total_height())>
                <div class="vlist-window" style:transform=move || format!("translateY({}px)", offset())>
                    <For
                        each=visible
                        key=move |(index, item)| (*index, key.with_value(|key| key(item)))
                        children=move |(index, item)| row.with_value(|row| row(index, item))
                    />
                </div>
            </div>
        </div>
    }
}

/// The window's inner height in pixels (800 if the browser will not say).
fn window_height() -> f64 {
    window().inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(800.0)
}
