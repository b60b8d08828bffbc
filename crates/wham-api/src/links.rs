//! The one URL policy for every link built from API data. Agent output is hostile, so a link
//! made from a repository name, a ref, a cited path or a pull request URL must go where it says:
//!
//! * links in markdown: `http`, `https`, `mailto`, or relative ([`is_safe_link`]);
//! * repositories: `https://github.com/{owner}/{name}` with GitHub's own name rules;
//! * files: that repository's `blob/{ref}/{path}`, every segment percent-encoded, and no `.` or
//!   `..` segment (browsers resolve `%2e%2e` as `..` too, so such a path is refused, not encoded);
//! * pull requests: `https://github.com/{owner}/{name}/pull/{number}` only, rebuilt from its parts.
//!
//! Written by hand (no `url` crate): these few shapes are checked strictly, and the browser
//! bundle stays small.

use crate::routes::encode_component;

/// Whether a link target from markdown may be followed: `http`, `https`, `mailto`, or a
/// relative link or fragment. A target with a control character or whitespace inside is
/// refused outright: browsers drop some of them when reading a scheme (`java\tscript:` is
/// `javascript:`), and the renderer would write them percent-encoded, so what was checked and
/// what is followed could differ.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.trim();
    if url.chars().any(|character| character.is_control() || character.is_whitespace()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    match lower.split_once(':') {
        // A scheme is present only if the colon comes before any '/', '?' or '#'.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(scheme, "http" | "https" | "mailto"),
        // `//host/…` is another site with this page's scheme: not relative.
        _ => !lower.starts_with("//") && !lower.starts_with("\\\\") && !lower.starts_with("/\\"),
    }
}

/// An owner or organisation: letters, digits and single inner hyphens, up to 39 characters.
fn is_owner(text: &str) -> bool {
    (1..=39).contains(&text.len())
        && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// A repository name: letters, digits, `-`, `_`, `.`, up to 100 characters, not `.` or `..`.
fn is_repository_name(text: &str) -> bool {
    (1..=100).contains(&text.len())
        && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
        && text != "."
        && text != ".."
}

/// `owner/name`, checked; `None` for anything else.
pub fn repository(full_name: &str) -> Option<(&str, &str)> {
    let (owner, name) = full_name.trim().split_once('/')?;
    (is_owner(owner) && is_repository_name(name)).then_some((owner, name))
}

/// `https://github.com/owner/name`.
pub fn github_repository_url(full_name: &str) -> Option<String> {
    let (owner, name) = repository(full_name)?;
    Some(format!("https://github.com/{owner}/{name}"))
}

/// Slash-separated segments, each percent-encoded; `None` if any segment is empty, `.` or `..`
/// or holds a backslash or control character.
fn encoded_segments(text: &str) -> Option<String> {
    let segments: Vec<&str> = text.trim_start_matches('/').split('/').collect();
    let safe = segments.iter().all(|segment| {
        !segment.is_empty()
            && *segment != "."
            && *segment != ".."
            && !segment.chars().any(|character| character == '\\' || character.is_control())
    });
    safe.then(|| segments.iter().map(|segment| encode_component(segment)).collect::<Vec<_>>().join("/"))
}

/// The GitHub page of `path` at `git_ref` in `full_name`, at lines `start`–`end`.
pub fn github_blob_url(full_name: &str, git_ref: &str, path: &str, start: usize, end: usize) -> Option<String> {
    let (owner, name) = repository(full_name)?;
    let git_ref = encoded_segments(git_ref)?;
    let path = encoded_segments(path)?;
    Some(format!("https://github.com/{owner}/{name}/blob/{git_ref}/{path}#L{start}-L{end}"))
}

/// A pull request URL from the API, if it is one on GitHub, rebuilt from its checked parts
/// (anything after the number, such as `/files` or a query, is dropped).
pub fn pull_request_url(url: &str) -> Option<String> {
    let url = url.trim();
    let prefix = "https://github.com/";
    let rest =
        url.get(..prefix.len()).filter(|head| head.eq_ignore_ascii_case(prefix)).map(|_| &url[prefix.len()..])?;
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let mut segments = path.split('/');
    let owner = segments.next()?;
    let name = segments.next()?;
    if segments.next()? != "pull" {
        return None;
    }
    let number = segments.next()?;
    let is_number = !number.is_empty() && number.len() <= 12 && number.bytes().all(|byte| byte.is_ascii_digit());
    (is_owner(owner) && is_repository_name(name) && is_number)
        .then(|| format!("https://github.com/{owner}/{name}/pull/{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_keep_to_safe_schemes() {
        for good in ["https://example.com", "http://x", "mailto:a@b", "#frag", "/tasks/1", "relative/path", "?q=1"] {
            assert!(is_safe_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "//evil.example/x",
            "\\\\evil/x",
            "/\\evil.example",
        ] {
            assert!(!is_safe_link(bad), "{bad}");
        }
    }

    #[test]
    fn file_links_stay_in_their_repository() {
        assert_eq!(
            github_blob_url("acme/app", "feature/x", "src/main.rs", 1, 3).as_deref(),
            Some("https://github.com/acme/app/blob/feature/x/src/main.rs#L1-L3")
        );
        assert_eq!(
            github_blob_url("acme/app", "main", "a b/c)d#e?.rs", 2, 2).as_deref(),
            Some("https://github.com/acme/app/blob/main/a%20b/c%29d%23e%3F.rs#L2-L2")
        );
        for (repo, git_ref, path) in [
            ("acme/app", "main", "../../other/repo/blob/main/x"),
            ("acme/app", "main", "src/./x"),
            ("acme/app", "..", "x"),
            ("acme/app", "main", "a\\b"),
            ("acme/app", "main", ""),
            ("acme/app)[x](javascript:alert(1)", "main", "x"),
            ("acme/../evil", "main", "x"),
            ("acme", "main", "x"),
            ("-acme/app", "main", "x"),
            ("acme/a/b", "main", "x"),
        ] {
            assert_eq!(github_blob_url(repo, git_ref, path, 1, 1), None, "{repo} {git_ref} {path}");
        }
    }

    #[test]
    fn pull_request_links_are_github_pull_requests_only() {
        assert_eq!(
            pull_request_url("https://github.com/acme/app/pull/42").as_deref(),
            Some("https://github.com/acme/app/pull/42")
        );
        assert_eq!(
            pull_request_url("HTTPS://GitHub.com/acme/app/pull/42/files?x=1").as_deref(),
            Some("https://github.com/acme/app/pull/42")
        );
        for bad in [
            "https://evil.example/acme/app/pull/1",
            "https://github.com.evil.example/acme/app/pull/1",
            "https://github.com@evil.example/acme/app/pull/1",
            "http://github.com/acme/app/pull/1",
            "https://github.com/acme/app/issues/1",
            "https://github.com/acme/app/pull/1x",
            "https://github.com/../app/pull/1",
            "javascript:alert(1)//https://github.com/a/b/pull/1",
            "",
        ] {
            assert_eq!(pull_request_url(bad), None, "{bad}");
        }
    }
}
