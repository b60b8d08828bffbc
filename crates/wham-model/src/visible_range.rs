//! Which rows of a fixed-height list are in view: the math behind the app's virtual list, so a
//! 10,000-row list or a 20,000-line diff renders only what the person can see.

/// Rows rendered above and below the visible window, so a quick scroll shows no blank rows.
pub const OVERSCAN: usize = 8;

/// The rows to render at a scroll position, with `overscan` rows above and below those in
/// view: `(first, end)` with `end` exclusive.
pub fn visible_range(
    scroll_top: f64,
    viewport_height: f64,
    row_height: f64,
    count: usize,
    overscan: usize,
) -> (usize, usize) {
    if count == 0 || row_height <= 0.0 {
        return (0, 0);
    }
    let visible_count = (viewport_height.max(row_height) / row_height).ceil() as usize + 1;
    // A scroll position past the end (the list just shrank; the browser clamps it a frame later)
    // shows the last rows, not none.
    let first_visible = ((scroll_top.max(0.0) / row_height).floor() as usize).min(count.saturating_sub(visible_count));
    let first = first_visible.saturating_sub(overscan).min(count);
    let end = (first_visible + visible_count + overscan).min(count);
    (first, end)
}
