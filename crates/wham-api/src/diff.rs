//! Unified diffs (`git diff` output, one or many files) parsed into files, hunks and numbered
//! lines, for the app's diff viewer and for counting changes.
//!
//! Written by hand: the `patch` crate panics ("failed to parse entire input") on valid diffs
//! whose removed lines begin with `--`, and a panic in WebAssembly kills the page; `unidiff`
//! pulls in `regex` for what is a line-oriented format. This parser is driven by the hunk
//! header counts, never panics, and tolerates wrong counts and stray lines (property-tested).

/// One file of a diff.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiffFile {
    /// The new path (the old one for a deleted file), without `a/`/`b/`.
    pub path: String,
    pub old_path: String,
    pub added: usize,
    pub removed: usize,
    pub rows: Vec<DiffRow>,
    /// `new file mode`, `deleted file mode`, `rename from`, `Binary files …` lines.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    Added,
    Removed,
    Context,
}

/// A row inside a file: a hunk header or a line with its old and new line numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffRow {
    Hunk(String),
    Line { kind: LineKind, old: Option<usize>, new: Option<usize>, text: String },
}

fn strip_side(path: &str) -> String {
    let path = path.trim();
    // `--- a/file\t2024-01-01` (timestamps after a tab) and quoted paths.
    let path = path.split('\t').next().unwrap_or(path).trim_matches('"');
    path.strip_prefix("a/").or_else(|| path.strip_prefix("b/")).unwrap_or(path).to_string()
}

/// Reads `@@ -a,b +c,d @@ hint` into `(a, b, c, d)`; a missing count means 1.
fn hunk_header(line: &str) -> Option<(usize, usize, usize, usize)> {
    let rest = line.strip_prefix("@@ -")?;
    let (ranges, _) = rest.split_once(" @@").unwrap_or((rest, ""));
    let (old, new) = ranges.split_once(" +")?;
    let range = |text: &str| -> Option<(usize, usize)> {
        match text.split_once(',') {
            Some((start, count)) => Some((start.trim().parse().ok()?, count.trim().parse().ok()?)),
            None => Some((text.trim().parse().ok()?, 1)),
        }
    };
    let (old_start, old_count) = range(old)?;
    let (new_start, new_count) = range(new)?;
    Some((old_start, old_count, new_start, new_count))
}

/// Parses a unified diff. `None` when the text has no file or hunk a diff would have.
pub fn parse(text: &str) -> Option<Vec<DiffFile>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    let mut files: Vec<DiffFile> = Vec::new();
    let lines = text.lines();
    // Lines left to read in the current hunk, and the current line numbers.
    let (mut old_left, mut new_left, mut old_no, mut new_no) = (0usize, 0usize, 0usize, 0usize);
    let mut saw_hunk = false;
    for line in lines {
        let in_hunk = old_left > 0 || new_left > 0;
        if in_hunk && !line.starts_with("diff --git ") && !line.starts_with("@@ -") {
            if let Some(file) = files.last_mut() {
                let (kind, body) = match line.chars().next() {
                    Some('+') => (Some(LineKind::Added), &line[1..]),
                    Some('-') => (Some(LineKind::Removed), &line[1..]),
                    Some(' ') => (Some(LineKind::Context), &line[1..]),
                    // An empty line inside a hunk is an empty context line (some tools trim).
                    None => (Some(LineKind::Context), ""),
                    Some('\\') => (None, line), // "\ No newline at end of file"
                    _ => (None, ""),
                };
                match kind {
                    Some(kind) => {
                        // An added line has no old number, a removed one no new number.
                        let old = (kind != LineKind::Added).then_some(old_no);
                        let new = (kind != LineKind::Removed).then_some(new_no);
                        file.rows.push(DiffRow::Line { kind, old, new, text: body.to_string() });
                        if old.is_some() {
                            old_no = old_no.saturating_add(1);
                            old_left = old_left.saturating_sub(1);
                        }
                        if new.is_some() {
                            new_no = new_no.saturating_add(1);
                            new_left = new_left.saturating_sub(1);
                        }
                        match kind {
                            LineKind::Added => file.added = file.added.saturating_add(1),
                            LineKind::Removed => file.removed = file.removed.saturating_add(1),
                            LineKind::Context => {}
                        }
                    }
                    None if line.starts_with('\\') => {}
                    // Anything else ends the hunk (the counts were wrong).
                    None => {
                        old_left = 0;
                        new_left = 0;
                    }
                }
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix("diff --git ") {
            old_left = 0;
            new_left = 0;
            let (old, new) = rest
                .split_once(" b/")
                .map(|(old, new)| (old.to_string(), format!("b/{new}")))
                .unwrap_or((rest.to_string(), rest.to_string()));
            files.push(DiffFile { path: strip_side(&new), old_path: strip_side(&old), ..Default::default() });
        } else if let Some(path) = line.strip_prefix("--- ") {
            // A `---` header starts a new file unless the `diff --git` line already did.
            let starts_new = files.last().is_none_or(|file| !file.rows.is_empty());
            if starts_new {
                files.push(DiffFile::default());
            }
            if let Some(file) = files.last_mut() {
                file.old_path = strip_side(path);
                if file.path.is_empty() {
                    file.path = file.old_path.clone();
                }
            }
        } else if let Some(path) = line.strip_prefix("+++ ") {
            if let Some(file) = files.last_mut() {
                let path = strip_side(path);
                if path != "/dev/null" {
                    file.path = path;
                }
            }
        } else if let Some((old_start, old_count, new_start, new_count)) = hunk_header(line) {
            if files.is_empty() {
                files.push(DiffFile::default());
            }
            saw_hunk = true;
            if let Some(file) = files.last_mut() {
                file.rows.push(DiffRow::Hunk(line.to_string()));
            }
            old_left = old_count;
            new_left = new_count;
            old_no = old_start.max(if old_count == 0 { 0 } else { 1 });
            new_no = new_start.max(if new_count == 0 { 0 } else { 1 });
            // A zero-count side starts after its start line.
            if old_count == 0 {
                old_no = old_start.saturating_add(1);
            }
            if new_count == 0 {
                new_no = new_start.saturating_add(1);
            }
        } else if let Some(file) = files.last_mut() {
            let note = line.trim();
            if note.starts_with("new file")
                || note.starts_with("deleted file")
                || note.starts_with("rename ")
                || note.starts_with("Binary files")
                || note.starts_with("similarity")
            {
                file.notes.push(note.to_string());
            }
        }
    }
    if files.is_empty() || (!saw_hunk && files.iter().all(|file| file.notes.is_empty())) {
        return None;
    }
    Some(files)
}

/// The paths a diff touches.
pub fn changed_paths(text: &str) -> Vec<String> {
    parse(text)
        .map(|files| files.into_iter().map(|file| file.path).filter(|path| !path.is_empty()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_both_sides_and_reads_dashes_as_removals() {
        let text = "diff --git a/x.sql b/x.sql\nindex 1..2 100644\n--- a/x.sql\n+++ b/x.sql\n@@ -10,4 +10,4 @@ fn main\n keep\n--- a comment\n+++ not a header\n tail\n \n";
        let files = parse(text).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!((files[0].path.as_str(), files[0].added, files[0].removed), ("x.sql", 1, 1));
        assert_eq!(
            files[0].rows[2],
            DiffRow::Line { kind: LineKind::Removed, old: Some(11), new: None, text: "-- a comment".into() }
        );
        assert_eq!(
            files[0].rows[3],
            DiffRow::Line { kind: LineKind::Added, old: None, new: Some(11), text: "++ not a header".into() }
        );
        assert_eq!(
            files[0].rows[4],
            DiffRow::Line { kind: LineKind::Context, old: Some(12), new: Some(12), text: "tail".into() }
        );
    }

    #[test]
    fn many_files_new_and_deleted() {
        let text = "diff --git a/a b/a\nnew file mode 100644\n--- /dev/null\n+++ b/a\n@@ -0,0 +1,2 @@\n+one\n+two\ndiff --git a/b b/b\ndeleted file mode 100644\n--- a/b\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n\\ No newline at end of file\n";
        let files = parse(text).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!((files[0].path.as_str(), files[0].added), ("a", 2));
        assert_eq!(
            files[0].rows[1],
            DiffRow::Line { kind: LineKind::Added, old: None, new: Some(1), text: "one".into() }
        );
        assert_eq!((files[1].path.as_str(), files[1].removed), ("b", 1));
        assert_eq!(files[1].notes, vec!["deleted file mode 100644".to_string()]);
    }

    #[test]
    fn plain_diff_without_git_header_and_junk() {
        let files = parse("--- before.py\n+++ after.py\n@@ -1,2 +1,2 @@\n-bacon\n+python\n guido\n").unwrap();
        assert_eq!((files[0].path.as_str(), files[0].added, files[0].removed), ("after.py", 1, 1));
        assert!(parse("just some words").is_none());
        assert_eq!(parse("").unwrap(), vec![]);
        // Wrong counts: the stray line ends the hunk instead of breaking anything.
        let files = parse("@@ -1,9 +1,9 @@\n+a\nnot a diff line\n+b\n").unwrap();
        assert_eq!(files[0].added, 1);
    }

    #[test]
    fn hunk_numbers_at_the_integer_limit_do_not_overflow() {
        let max = usize::MAX;
        let text = format!("@@ -{max},3 +{max},0 @@\n ctx\n-gone\n+new\n ctx2\n");
        let files = parse(&text).unwrap();
        let numbers: Vec<(Option<usize>, Option<usize>)> = files[0]
            .rows
            .iter()
            .filter_map(|row| match row {
                DiffRow::Line { old, new, .. } => Some((*old, *new)),
                DiffRow::Hunk(_) => None,
            })
            .collect();
        assert!(numbers.iter().all(|(old, new)| old.is_none_or(|n| n == max) && new.is_none_or(|n| n == max)));
        // Numbers past the integer limit are not a hunk at all, and not a panic.
        assert!(parse("@@ -99999999999999999999999,1 +1,1 @@\n-a\n+b\n")
            .is_none_or(|files| files.iter().all(|f| f.added == 0)));
    }
}
