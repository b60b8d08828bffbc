//! Unified diffs as rows for the diff viewer: a header per file (with its counts), a header per
//! hunk, and each line with its old and new line numbers. Parsing is the `patch` crate's; a
//! diff it cannot read is shown as plain text instead.

/// One file of a diff.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffFile {
    pub path: String,
    pub old_path: String,
    pub added: usize,
    pub removed: usize,
    pub rows: Vec<DiffRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LineKind {
    Added,
    Removed,
    Context,
}

/// A row inside a file: a hunk header or a line.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffRow {
    Hunk(String),
    Line {
        kind: LineKind,
        old: Option<usize>,
        new: Option<usize>,
        text: String,
    },
}

fn strip_side(path: &str) -> String {
    let path = path.trim();
    path.strip_prefix("a/")
        .or_else(|| path.strip_prefix("b/"))
        .unwrap_or(path)
        .to_string()
}

/// Parses a unified diff (one or many files). `None` when it is not one.
pub fn parse(text: &str) -> Option<Vec<DiffFile>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    // The patch crate wants a trailing newline on the last line.
    let owned;
    let text = if text.ends_with('\n') {
        text
    } else {
        owned = format!("{text}\n");
        &owned
    };
    let patches = patch::Patch::from_multiple(text).ok()?;
    Some(
        patches
            .iter()
            .map(|patch| {
                let old_path = strip_side(&patch.old.path);
                let new_path = strip_side(&patch.new.path);
                let path = if new_path == "/dev/null" {
                    old_path.clone()
                } else {
                    new_path
                };
                let mut rows = Vec::new();
                let (mut added, mut removed) = (0, 0);
                for hunk in &patch.hunks {
                    let hint = hunk.range_hint.trim();
                    rows.push(DiffRow::Hunk(format!(
                        "@@ -{},{} +{},{} @@{}{}",
                        hunk.old_range.start,
                        hunk.old_range.count,
                        hunk.new_range.start,
                        hunk.new_range.count,
                        if hint.is_empty() { "" } else { " " },
                        hint
                    )));
                    let (mut old, mut new) =
                        (hunk.old_range.start as usize, hunk.new_range.start as usize);
                    for line in &hunk.lines {
                        match line {
                            patch::Line::Add(text) => {
                                added += 1;
                                rows.push(DiffRow::Line {
                                    kind: LineKind::Added,
                                    old: None,
                                    new: Some(new),
                                    text: text.to_string(),
                                });
                                new += 1;
                            }
                            patch::Line::Remove(text) => {
                                removed += 1;
                                rows.push(DiffRow::Line {
                                    kind: LineKind::Removed,
                                    old: Some(old),
                                    new: None,
                                    text: text.to_string(),
                                });
                                old += 1;
                            }
                            patch::Line::Context(text) => {
                                rows.push(DiffRow::Line {
                                    kind: LineKind::Context,
                                    old: Some(old),
                                    new: Some(new),
                                    text: text.to_string(),
                                });
                                old += 1;
                                new += 1;
                            }
                        }
                    }
                }
                DiffFile {
                    path,
                    old_path,
                    added,
                    removed,
                    rows,
                }
            })
            .collect(),
    )
}
