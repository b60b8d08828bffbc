//! The diff viewer: a file list to jump from, each file with its +/− counts and a collapse
//! toggle, hunks, and lines numbered on both sides, coloured and marked with + and − (so colour
//! is never the only sign). Only the rows in view are rendered, so a 20,000-line diff opens at
//! once.

use crate::components::diff_stats::DiffStatsBadge;
use crate::components::revealed::Revealed;
use crate::components::virtual_list::VirtualList;
use leptos::prelude::*;
use std::collections::HashSet;
use wham_api::diff::{parse, DiffFile, DiffRow, LineKind};
use wham_model::diff_split::{split, Side, SplitRow};
use wham_model::text_columns;

/// Row height in pixels; `.diff-row` has this height in the stylesheet.
pub const DIFF_ROW_HEIGHT: f64 = 20.0;

/// The most rows offered wrapped. Wrapped rows differ in height, so they are all drawn (the
/// virtual list needs one height); beyond this, drawing them would freeze the page, and the
/// long lines are read by scrolling sideways instead.
pub const WRAP_LIMIT: usize = 5_000;

/// A row of the flattened view.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewRow {
    File {
        index: usize,
        path: String,
        added: usize,
        removed: usize,
        collapsed: bool,
    },
    Row {
        file: usize,
        row: DiffRow,
    },
    /// A row of the side-by-side view.
    Split {
        file: usize,
        row: SplitRow,
    },
}

/// Flattens files into rows, unified or side by side, leaving out the rows of collapsed files.
/// Also returns the row index of each file's header, for jumping.
pub fn flatten(files: &[DiffFile], collapsed: &HashSet<usize>, side_by_side: bool) -> (Vec<ViewRow>, Vec<usize>) {
    let mut rows = Vec::with_capacity(files.iter().map(|file| file.rows.len() + 1).sum());
    let mut starts = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        starts.push(rows.len());
        let is_collapsed = collapsed.contains(&index);
        rows.push(ViewRow::File {
            index,
            path: file.path.clone(),
            added: file.added,
            removed: file.removed,
            collapsed: is_collapsed,
        });
        if is_collapsed {
            continue;
        }
        if side_by_side {
            rows.extend(split(&file.rows).into_iter().map(|row| ViewRow::Split { file: index, row }));
        } else {
            rows.extend(file.rows.iter().cloned().map(|row| ViewRow::Row { file: index, row }));
        }
    }
    (rows, starts)
}

/// `side_by_side` is the person's preference (Settings → Preferences → git diff mode); the
/// buttons above the diff switch it for this diff. On a phone-narrow window the preference
/// gives way to unified: two columns of 180 px showed a few characters of each line.
#[component]
pub fn DiffView(diff: String, #[prop(optional, into)] side_by_side: Signal<bool>) -> impl IntoView {
    let Some(files) = parse(&diff) else {
        // Not a diff this viewer can read: show it as it is.
        return view! {
            <section class="diff" aria-label="Diff">
                <h2>"Diff"</h2>
                <pre class="diff-text">{diff}</pre>
            </section>
        }
        .into_any();
    };
    let files = StoredValue::new(files);
    let collapsed = RwSignal::new(HashSet::<usize>::new());
    // The person's choice here, once made, wins over the preference.
    let chosen = RwSignal::new(None::<bool>);
    let phone = crate::browser::narrow::phone_width();
    let split_mode = Memo::new(move |_| chosen.get().unwrap_or_else(|| side_by_side.get() && !phone.get()));
    let flattened = Memo::new(move |_| {
        let split_mode = split_mode.get();
        collapsed.with(|collapsed| files.with_value(|files| flatten(files, collapsed, split_mode)))
    });
    let rows = Signal::derive(move || flattened.with(|(rows, _)| rows.clone()));
    let jump = RwSignal::new(None::<usize>);
    let wrap = RwSignal::new(false);
    let wrappable = Memo::new(move |_| rows.with(Vec::len) <= WRAP_LIMIT);
    let wrapped_body = NodeRef::<leptos::html::Div>::new();
    let (total_added, total_removed) = files.with_value(|files| {
        files.iter().fold((0, 0), |(added, removed), file| (added + file.added, removed + file.removed))
    });
    let file_count = files.with_value(Vec::len);
    // Rows are drawn only while in view, so the browser never sees the widest line: the diff
    // is given a sideways scroll as long as the widest line shown needs (in columns of the
    // monospace font; a collapsed file's lines leave no empty scroll), and while the rows stay
    // in the box, their code slides by the scrolled distance (`--diff-scroll-x`). Line
    // numbers, file names and both sides of a split view stay put.
    let widest = Memo::new(move |_| flattened.with(|(rows, _)| widest_line_and_number(rows)));
    let code_width = move || format!("{}ch", widest.get().0 + 1);
    let code_room = move || {
        // A line number's box (at least 5 columns, and 1 of padding), then the + or − mark.
        let gutter = widest.get().1.max(5) + 1;
        if split_mode.get() {
            format!("calc(50cqw - {}ch - 1px)", gutter + 2)
        } else {
            format!("calc(100cqw - {}ch)", 2 * gutter + 2)
        }
    };
    let scrolled_left = RwSignal::new(0);
    let slide = move |event: leptos::ev::Event| {
        // Most scrolls are up and down: the code moves only when the sideways scroll did.
        let left = event_target::<web_sys::Element>(&event).scroll_left();
        if left != scrolled_left.get_untracked() {
            scrolled_left.set(left);
        }
    };

    let toggle = move |index: usize| {
        collapsed.update(|collapsed| {
            if !collapsed.remove(&index) {
                collapsed.insert(index);
            }
        })
    };

    view! {
        <section class="diff" aria-label="Diff">
            <div class="diff-head">
                <h2>"Diff"</h2>
                <DiffStatsBadge added=total_added as u64 removed=total_removed as u64 files=file_count as u64 />
                <div class="segmented" role="group" aria-label="Diff layout">
                    <button
                        class="button small"
                        aria-pressed=move || (!split_mode.get()).to_string()
                        on:click=move |_| chosen.set(Some(false))
                    >
                        "Unified"
                    </button>
                    <button
                        class="button small"
                        aria-pressed=move || split_mode.get().to_string()
                        on:click=move |_| chosen.set(Some(true))
                    >
                        "Split"
                    </button>
                </div>
                <button class="button small" on:click=move |_| collapsed.set((0..file_count).collect())>
                    "Collapse all"
                </button>
                <button class="button small" on:click=move |_| collapsed.set(HashSet::new())>
                    "Expand all"
                </button>
                <button
                    class="button small"
                    aria-pressed=move || wrap.get().to_string()
                    disabled=move || !wrappable.get()
                    title=move || {
                        (!wrappable.get())
                            .then(|| format!("Over {WRAP_LIMIT} lines: scroll sideways to read long lines"))
                    }
                    on:click=move |_| wrap.update(|wrap| *wrap = !*wrap)
                >
                    "Wrap lines"
                </button>
            </div>
            <nav class="diff-files" aria-label="Changed files">
                <ul>
                    {files
                        .with_value(|files| {
                            files
                                .iter()
                                .enumerate()
                                .map(|(index, file)| {
                                    let path = file.path.clone();
                                    view! {
                                        <li>
                                            <button
                                                class="link-button"
                                                on:click=move |_| {
                                                    collapsed
                                                        .update(|collapsed| {
                                                            collapsed.remove(&index);
                                                        });
                                                    if wrap.get_untracked() {
                                                        scroll_to_file(wrapped_body, index);
                                                    } else {
                                                        let start = flattened
                                                            .with_untracked(|(_, starts)| starts.get(index).copied());
                                                        jump.set(None);
                                                        jump.set(start);
                                                    }
                                                }
                                            >
                                                <span class="path">
                                                    <Revealed text=path />
                                                </span>
                                            </button>
                                            " "
                                            <span class="added">"+" {file.added}</span>
                                            " "
                                            <span class="removed">"−" {file.removed}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })}
                </ul>
            </nav>
            {move || {
                if wrap.get() && wrappable.get() {
                    view! {
                        <div class="diff-body wrapped" role="list" aria-label="Diff lines" node_ref=wrapped_body>
                            <For
                                each=move || rows.get().into_iter().enumerate()
                                key=|(index, row)| (*index, row_key(row))
                                children=move |(_, row)| render_row(row, toggle)
                            />
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <div
                            class="diff-lines"
                            style=("--diff-code-width", code_width)
                            style=("--diff-code-room", code_room)
                            style=("--diff-scroll-x", move || format!("{}px", scrolled_left.get()))
                            on:scroll:capture=slide
                        >
                            <VirtualList
                                items=rows
                                row_height=DIFF_ROW_HEIGHT
                                key=row_key
                                row=move |_, row| render_row(row, toggle)
                                class="diff-body"
                                label="Diff lines"
                                jump_to=Signal::derive(move || jump.get())
                            />
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
    .into_any()
}

/// The widest line of `rows` in columns, and the most digits of a line number.
fn widest_line_and_number(rows: &[ViewRow]) -> (usize, usize) {
    let mut widest = 0;
    let mut highest_number = 0;
    let mut count = |number: usize, text: &str| {
        widest = widest.max(text_columns::columns(text));
        highest_number = highest_number.max(number);
    };
    for row in rows {
        match row {
            ViewRow::Row { row: DiffRow::Line { old, new, text, .. }, .. } => {
                count(old.unwrap_or(0).max(new.unwrap_or(0)), text);
            }
            ViewRow::Split { row: SplitRow::Pair { left, right }, .. } => {
                for side in [left, right].into_iter().flatten() {
                    count(side.number, &side.text);
                }
            }
            _ => {}
        }
    }
    (widest, highest_number.to_string().len())
}

fn row_key(row: &ViewRow) -> String {
    match row {
        ViewRow::File { index, collapsed, .. } => format!("f{index}{collapsed}"),
        ViewRow::Row { file, row } => format!("r{file}{row:?}"),
        ViewRow::Split { file, row } => format!("s{file}{row:?}"),
    }
}

/// Brings file `index`'s header into view in the wrapped diff (every row is drawn there).
fn scroll_to_file(body: NodeRef<leptos::html::Div>, index: usize) {
    request_animation_frame(move || {
        let header = body
            .get_untracked()
            .and_then(|body| body.query_selector(&format!("[data-file-index=\"{index}\"]")).ok().flatten());
        if let Some(header) = header {
            header.scroll_into_view();
        }
    });
}

fn render_row(row: ViewRow, toggle: impl Fn(usize) + Copy + Send + Sync + 'static) -> AnyView {
    match row {
        ViewRow::File { index, path, added, removed, collapsed } => view! {
            <div class="diff-row diff-file" role="listitem" data-file-index=index>
                <button class="link-button" aria-expanded=(!collapsed).to_string() on:click=move |_| toggle(index)>
                    {if collapsed { "▸ " } else { "▾ " }}
                    <span class="path">
                        <Revealed text=path />
                    </span>
                </button>
                " "
                <span class="added">"+" {added}</span>
                " "
                <span class="removed">"−" {removed}</span>
            </div>
        }
        .into_any(),
        ViewRow::Split { row: SplitRow::Hunk(text), .. } | ViewRow::Row { row: DiffRow::Hunk(text), .. } => view! {
            <div class="diff-row diff-hunk" role="listitem">
                <Revealed text=text />
            </div>
        }
        .into_any(),
        ViewRow::Row { row: DiffRow::Line { kind, old, new, text }, .. } => {
            let (class, mark, label) = look(kind);
            let class = format!("diff-row diff-line {class}");
            view! {
                <div class=class role="listitem" aria-label=format!("{label} line")>
                    <span class="line-number old">{old.map(|number| number.to_string())}</span>
                    <span class="line-number new">{new.map(|number| number.to_string())}</span>
                    {mark_and_code(mark, text)}
                </div>
            }
            .into_any()
        }
        ViewRow::Split { row: SplitRow::Pair { left, right }, .. } => view! {
            <div class="diff-row diff-split" role="listitem">
                {split_side(left, "old")}
                {split_side(right, "new")}
            </div>
        }
        .into_any(),
    }
}

/// One half of a side-by-side row: empty when that side has no line here.
fn split_side(side: Option<Side>, which: &'static str) -> AnyView {
    let Some(Side { number, text, kind }) = side else {
        return view! { <span class=format!("split-side split-{which} split-empty")></span> }.into_any();
    };
    let (class, mark, label) = look(kind);
    view! {
        <span class=format!("split-side split-{which} {class}") aria-label=format!("{label} line {number}")>
            <span class="line-number">{number}</span>
            {mark_and_code(mark, text)}
        </span>
    }
    .into_any()
}

/// A line's class, its mark (so colour is never the only sign) and its name for a reader.
fn look(kind: LineKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        LineKind::Added => ("added-line", "+", "added"),
        LineKind::Removed => ("removed-line", "−", "removed"),
        LineKind::Context => ("", " ", "unchanged"),
    }
}

fn mark_and_code(mark: &'static str, text: String) -> impl IntoView {
    view! {
        <span class="diff-mark" aria-hidden="true">
            {mark}
        </span>
        <span class="diff-code">
            <Revealed text=text />
        </span>
    }
}
