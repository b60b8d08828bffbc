//! Citations to links, through the URL policy, rendered inert.

#[test]
fn inline_and_structured_citations() {
    use wham_model::citations::{link_inline, parse_file_fragment, parse_log_fragment, split_inline, Inline, Lines};
    let pieces = split_inline("See 【F:src/a.rs†L3-L5】 and 【chunk_9†L7】, not 【broken】.");
    assert_eq!(pieces[1], Err(Inline::File { path: "src/a.rs".into(), lines: Lines { start: 3, end: 5 } }));
    assert_eq!(pieces[3], Err(Inline::Terminal { chunk: "chunk_9".into(), lines: Lines { start: 7, end: 7 } }));
    assert_eq!(pieces.last().unwrap(), &Ok(", not 【broken】.".to_string()));
    // A file opens the page's preview, terminal output the logs: both links the page follows.
    let linked = link_inline("【F:src/a b(1).rs†L3-L5】 【c†L1-L2】");
    assert!(linked.contains("(#file-3-5-src%2Fa%20b%281%29.rs)"), "{linked}");
    assert!(linked.contains("(#log-1-2)"), "{linked}");
    assert_eq!(parse_log_fragment("http://x/tasks/t#log-1-2"), Some(Lines { start: 1, end: 2 }));
    assert_eq!(
        parse_file_fragment("http://x/tasks/t#file-3-5-src%2Fa%20b%281%29.rs"),
        Some(("src/a b(1).rs".to_string(), Lines { start: 3, end: 5 }))
    );
    assert_eq!(parse_file_fragment("#file-3-5-"), None, "no path");
    assert_eq!(parse_file_fragment("#file-x-5-a"), None);
    let html = wham_model::markdown::render(&link_inline("See 【F:src/a.rs†L3】."));
    assert!(html.contains(r##"<a href="#file-3-3-src%2Fa.rs">src/a.rs:L3</a>"##), "{html}");
    // Rendered, a hostile path stays text inside a link the page handles.
    let html = wham_model::markdown::render(&link_inline("【F:<img src=x onerror=alert(1)>†L1】"));
    assert!(!html.contains("<img"), "{html}");
    assert!(wham_model::markdown::check_output(&html).is_ok(), "{html}");
}
