//! How wide a line of code is drawn in a monospace font, in columns (`ch`): the diff and the
//! logs size their sideways scroll from the widest line, so a long line is read by scrolling
//! instead of being cut off (their rows are drawn only while in view, so the browser alone
//! never sees the widest line).

use unicode_width::UnicodeWidthChar;
use wham_api::invisible::{has_invisible, reveal, Piece};

/// A tab reaches the next multiple of this (the style sheet's `tab-size`).
pub const TAB_STOP: usize = 8;

/// The widest line worth a scroll: wider, the browser's layout runs out of pixels (Chromium
/// stops near 33 million), and the line's end is read with "Wrap lines" or the raw text.
pub const MAX_COLUMNS: usize = 100_000;

/// The columns `text` takes as drawn: hidden characters as the marks that reveal them, tabs
/// to the next stop, wide characters (CJK, most emoji) as two.
pub fn columns(text: &str) -> usize {
    // Most code: one column a byte (a control character other than a tab is counted one
    // column too wide, which only leaves a little room at the end of the scroll).
    if text.is_ascii() && !text.contains('\t') {
        return text.len().min(MAX_COLUMNS);
    }
    if !has_invisible(text) {
        return run_columns(0, text);
    }
    let mut width = 0;
    for piece in reveal(text) {
        let run = match &piece {
            Piece::Plain(plain) => *plain,
            Piece::Invisible { mark, .. } => mark.as_str(),
        };
        width = run_columns(width, run);
    }
    width
}

/// The column `run` ends at, drawn from column `start`.
fn run_columns(start: usize, run: &str) -> usize {
    let mut width = start;
    for character in run.chars() {
        width =
            if character == '\t' { (width / TAB_STOP + 1) * TAB_STOP } else { width + character.width().unwrap_or(0) };
        if width >= MAX_COLUMNS {
            return MAX_COLUMNS;
        }
    }
    width
}

/// The widest of `lines`, in columns (0 for none).
pub fn widest<'a>(lines: impl IntoIterator<Item = &'a str>) -> usize {
    lines.into_iter().map(columns).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_is_drawn() {
        assert_eq!(columns(""), 0);
        assert_eq!(columns("let x = 1;"), 10);
        // A tab goes to the next stop of eight.
        assert_eq!(columns("\tx"), 9);
        assert_eq!(columns("ab\tx"), 9);
        // Wide characters take two columns, combining marks none.
        assert_eq!(columns("日本語"), 6);
        assert_eq!(columns("e\u{301}"), 1);
        // A hidden character is drawn as its mark, ⟨U+202E⟩: eight columns.
        assert_eq!(columns("a\u{202E}b"), 10);
    }

    #[test]
    fn a_huge_line_stops_at_the_limit() {
        assert_eq!(columns(&"x".repeat(MAX_COLUMNS * 3)), MAX_COLUMNS);
        assert_eq!(widest(["ab", "abcd", "a"]), 4);
        assert_eq!(widest(std::iter::empty()), 0);
    }
}
