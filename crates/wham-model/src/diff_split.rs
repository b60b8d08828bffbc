//! A diff's lines side by side (the "split" mode of the git diff preference): the old file on
//! the left, the new on the right. Within a run of changes, the n-th removed line faces the
//! n-th added line; a side with fewer lines is left empty.

use wham_api::diff::{DiffRow, LineKind};

/// One side of a split row: a line number, the text, and whether it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub number: usize,
    pub text: String,
    pub kind: LineKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SplitRow {
    Hunk(String),
    Pair { left: Option<Side>, right: Option<Side> },
}

/// The rows of one file, side by side.
pub fn split(rows: &[DiffRow]) -> Vec<SplitRow> {
    let mut out = Vec::with_capacity(rows.len());
    let mut removed: Vec<Side> = Vec::new();
    let mut added: Vec<Side> = Vec::new();
    let flush = |out: &mut Vec<SplitRow>, removed: &mut Vec<Side>, added: &mut Vec<Side>| {
        let mut left = removed.drain(..);
        let mut right = added.drain(..);
        loop {
            match (left.next(), right.next()) {
                (None, None) => break,
                (left, right) => out.push(SplitRow::Pair { left, right }),
            }
        }
    };
    for row in rows {
        match row {
            DiffRow::Line { kind: LineKind::Removed, old: Some(number), text, .. } => {
                removed.push(Side { number: *number, text: text.clone(), kind: LineKind::Removed })
            }
            DiffRow::Line { kind: LineKind::Added, new: Some(number), text, .. } => {
                added.push(Side { number: *number, text: text.clone(), kind: LineKind::Added })
            }
            DiffRow::Line { kind, old, new, text } => {
                flush(&mut out, &mut removed, &mut added);
                let side =
                    |number: &Option<usize>| number.map(|number| Side { number, text: text.clone(), kind: *kind });
                out.push(SplitRow::Pair { left: side(old), right: side(new) });
            }
            DiffRow::Hunk(text) => {
                flush(&mut out, &mut removed, &mut added);
                out.push(SplitRow::Hunk(text.clone()));
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}
