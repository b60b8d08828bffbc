//! Side-by-side diff rows: removed lines face added ones, context on both sides, numbers kept.

use wham_api::diff::{parse, LineKind};
use wham_model::diff_split::{split, Side, SplitRow};

fn side(number: usize, text: &str, kind: LineKind) -> Option<Side> {
    Some(Side { number, text: text.into(), kind })
}

#[test]
fn changes_face_each_other_and_context_sits_on_both_sides() {
    let diff =
        "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n keep\n-old one\n-old two\n+new one\n tail\n+extra\n";
    let files = parse(diff).unwrap();
    let rows = split(&files[0].rows);
    assert_eq!(
        rows,
        vec![
            SplitRow::Hunk("@@ -1,4 +1,4 @@".into()),
            SplitRow::Pair { left: side(1, "keep", LineKind::Context), right: side(1, "keep", LineKind::Context) },
            SplitRow::Pair { left: side(2, "old one", LineKind::Removed), right: side(2, "new one", LineKind::Added) },
            SplitRow::Pair { left: side(3, "old two", LineKind::Removed), right: None },
            SplitRow::Pair { left: side(4, "tail", LineKind::Context), right: side(3, "tail", LineKind::Context) },
            SplitRow::Pair { left: None, right: side(4, "extra", LineKind::Added) },
        ]
    );
}

#[test]
fn every_line_appears_once_on_its_side() {
    let diff = "diff --git a/y b/y\n--- a/y\n+++ b/y\n@@ -1,3 +1,2 @@\n-a\n-b\n-c\n+d\n+e\n";
    let files = parse(diff).unwrap();
    let rows = split(&files[0].rows);
    let left: usize = rows.iter().filter(|row| matches!(row, SplitRow::Pair { left: Some(_), .. })).count();
    let right: usize = rows.iter().filter(|row| matches!(row, SplitRow::Pair { right: Some(_), .. })).count();
    assert_eq!((left, right), (files[0].removed, files[0].added));
}
