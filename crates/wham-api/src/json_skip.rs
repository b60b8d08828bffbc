//! Reading past the values of one member name in a JSON text without decoding them.
//!
//! A finished turn's answer holds its log lines, which the turn's view does not show (the Logs
//! tab reads them itself): 10,000 lines are half the answer's bytes. Serde can only skip a
//! value by parsing it (`IgnoredAny` checks every number, string and literal it reads past),
//! and profiled in the browser that was half of the decoding of such a turn, in the one task
//! that ends a live turn. Here the text is scanned for structure alone (brackets, and strings
//! jumped with `memchr`), and each `"name": {…}` or `"name": […]` value is replaced by `null`
//! before serde reads the rest. No crate does this: JSON scanners build values or tokens for
//! every byte, which is the cost being avoided.
//!
//! Written for hostile input: it never panics, and a text it cannot follow (an unterminated
//! string, brackets that do not balance) comes back unchanged, for serde to report. A value
//! replaced is only checked for balanced brackets and closed strings, so a malformed value
//! under the name is accepted as `null` where serde would have rejected it; nothing reads it.

use std::borrow::Cow;

/// `json` with the object or array value of every member named one of `names` replaced by
/// `null`; the text itself when there is none, or when the scan cannot follow it. Names are
/// matched as written in the text (a name written with escapes is left to serde).
pub fn null_values_named<'a>(json: &'a str, names: &[&str]) -> Cow<'a, str> {
    if names.is_empty() {
        return Cow::Borrowed(json);
    }
    match ranges_of_values_named(json.as_bytes(), names) {
        Some(ranges) if !ranges.is_empty() => {
            let removed: usize = ranges.iter().map(|(start, end)| end - start).sum();
            let mut out = String::with_capacity(json.len() - removed + 4 * ranges.len());
            let mut copied = 0;
            for (start, end) in ranges {
                // The ranges start at `{` or `[` and end after `}` or `]`: ASCII, so these are
                // character boundaries (`get` keeps it panic-free all the same).
                out.push_str(json.get(copied..start).unwrap_or_default());
                out.push_str("null");
                copied = end;
            }
            out.push_str(json.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(json),
    }
}

/// The byte ranges of the object or array values of the members named one of `names`, in
/// order and not nested in one another; `None` when a string does not end or a value named
/// does not.
fn ranges_of_values_named(bytes: &[u8], names: &[&str]) -> Option<Vec<(usize, usize)>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    // Only strings matter between the values named: the next one is found with `memchr`.
    while let Some(quote) = bytes.get(at..).and_then(|rest| memchr::memchr(b'"', rest)) {
        let content_start = at + quote + 1;
        let content_end = string_end(bytes, content_start)?;
        at = content_end + 1;
        let Some(content) = bytes.get(content_start..content_end) else { continue };
        if !names.iter().any(|name| name.as_bytes() == content) {
            continue;
        }
        // A string followed by `:` is a member's name.
        let colon = skip_whitespace(bytes, at);
        if bytes.get(colon) != Some(&b':') {
            continue;
        }
        let value = skip_whitespace(bytes, colon + 1);
        if let Some(b'{' | b'[') = bytes.get(value) {
            let end = container_end(bytes, value)?;
            ranges.push((value, end));
            at = end;
        }
    }
    Some(ranges)
}

/// The index of the `"` that ends the string whose content starts at `from`.
fn string_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let found = from + memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?;
        if bytes[found] == b'"' {
            return Some(found);
        }
        // A backslash escapes the byte after it (`\"`, `\\`, or the start of `\u…`).
        from = found + 2;
    }
}

/// The index just past the `}` or `]` that closes the object or array opening at `open`.
fn container_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0_usize;
    let mut at = open;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            b'"' => at = string_end(bytes, at + 1)?,
            _ => {}
        }
        at += 1;
    }
    None
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::null_values_named;

    #[test]
    fn the_named_objects_and_arrays_become_null_and_the_rest_stays() {
        let json = r#"{"turn": {"id": "t1", "logs" : {"logs": [{"line": "a \"logs\": [ ] \\"}, 3]}, "x": [1]}}"#;
        assert_eq!(null_values_named(json, &["logs"]), r#"{"turn": {"id": "t1", "logs" : null, "x": [1]}}"#);
        let many = r#"[{"logs": [1, [2]]}, {"id": "logs", "logs": null}, {"events": {"a": "}"}}]"#;
        assert_eq!(
            null_values_named(many, &["logs", "events"]),
            r#"[{"logs": null}, {"id": "logs", "logs": null}, {"events": null}]"#
        );
        // Written with an escape, the name is left to serde.
        assert_eq!(null_values_named(r#"{"lo\u0067s": [1]}"#, &["logs"]), r#"{"lo\u0067s": [1]}"#);
    }

    #[test]
    fn a_text_it_cannot_follow_comes_back_unchanged() {
        for json in [r#"{"logs": [1, 2"#, r#"{"logs": "unterminated"#, "\"\\", r#"{"a": "\"#, ""] {
            assert_eq!(null_values_named(json, &["logs"]), json);
        }
    }
}
