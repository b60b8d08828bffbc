//! The unified diff parser numbers both sides.

#[test]
fn diff_parsing_numbers_both_sides() {
    use wham_api::diff::{parse, DiffRow, LineKind};
    let files = parse("diff --git a/x.rs b/x.rs\nindex 1..2 100644\n--- a/x.rs\n+++ b/x.rs\n@@ -10,3 +10,4 @@ fn main\n keep\n-old\n+new\n+more\n tail\n").unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].path.as_str(), files[0].added, files[0].removed), ("x.rs", 2, 1));
    assert_eq!(files[0].rows[0], DiffRow::Hunk("@@ -10,3 +10,4 @@ fn main".into()));
    assert_eq!(
        files[0].rows[2],
        DiffRow::Line { kind: LineKind::Removed, old: Some(11), new: None, text: "old".into() }
    );
    assert_eq!(
        files[0].rows[4],
        DiffRow::Line { kind: LineKind::Added, old: None, new: Some(12), text: "more".into() }
    );
    assert_eq!(
        files[0].rows[5],
        DiffRow::Line { kind: LineKind::Context, old: Some(12), new: Some(13), text: "tail".into() }
    );
    assert!(parse("not a diff at all").is_none());
    assert_eq!(parse("").unwrap().len(), 0);
}
