//! Citations to links, through the URL policy, rendered inert.

#[test]
fn inline_and_structured_citations() {
    use wham_model::citations::{link_inline, parse_log_fragment, split_inline, Inline, Lines};
    let pieces = split_inline("See 【F:src/a.rs†L3-L5】 and 【chunk_9†L7】, not 【broken】.");
    assert_eq!(pieces[1], Err(Inline::File { path: "src/a.rs".into(), lines: Lines { start: 3, end: 5 } }));
    assert_eq!(pieces[3], Err(Inline::Terminal { chunk: "chunk_9".into(), lines: Lines { start: 7, end: 7 } }));
    assert_eq!(pieces.last().unwrap(), &Ok(", not 【broken】.".to_string()));
    let environment: wham_api::models::Environment = serde_json::from_value(serde_json::json!({
        "id": "e", "repos": ["github-1"], "repo_map": {"github-1": {"id": "1", "repository_full_name": "acme/app", "default_branch": "main"}}
    }))
    .unwrap();
    let linked = link_inline("【F:src/a.rs†L3-L5】 【c†L1-L2】", Some(&environment), Some("abc123"));
    assert!(linked.contains("(https://github.com/acme/app/blob/abc123/src/a.rs#L3-L5)"), "{linked}");
    assert!(linked.contains("(#log-1-2)"), "{linked}");
    assert_eq!(parse_log_fragment("http://x/tasks/t#log-1-2"), Some(Lines { start: 1, end: 2 }));
    // Rendered, a hostile path stays text.
    let html = wham_model::markdown::render(&link_inline("【F:<img src=x onerror=alert(1)>†L1】", None, None));
    assert!(!html.contains("<img"), "{html}");
}
