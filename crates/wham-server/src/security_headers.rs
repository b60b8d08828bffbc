//! Security headers on every answer: a strict Content-Security-Policy that the Trunk-built app
//! runs under, `nosniff`, no framing, no referrer.
//!
//! The CSP allows only this origin's scripts plus the hash of each inline script in the served
//! `index.html` (Trunk's module loader), `'wasm-unsafe-eval'` to compile the app's WebAssembly,
//! and connections to this origin (the API is same-origin here). No inline script the agent or
//! anyone else could inject would run, even if one reached the page.

use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The policy for a built app whose `index.html` is `index_html`.
pub fn content_security_policy(index_html: &str) -> String {
    let hashes: Vec<String> = inline_scripts(index_html)
        .into_iter()
        .map(|script| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        hashes.join(" ")
    )
    .replace("  ", " ")
}

/// The bodies of the inline `<script>` elements (those without `src`), exactly as written, which
/// is what a CSP hash covers.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after_tag_name = &rest[open + "<script".len()..];
        let Some(tag_end) = after_tag_name.find('>') else { break };
        let attributes = &after_tag_name[..tag_end];
        let body_and_rest = &after_tag_name[tag_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else { break };
        if !attributes.contains("src=") {
            scripts.push(&body_and_rest[..close]);
        }
        rest = &body_and_rest[close + "</script>".len()..];
    }
    scripts
}

/// The policy for `--static DIR`, read once at start; a folder without `index.html` (checked
/// in `main`) gets the policy with no inline script allowed.
pub fn policy_for_dir(dir: &Path) -> String {
    content_security_policy(&std::fs::read_to_string(dir.join("index.html")).unwrap_or_default())
}

/// Adds the headers to every answer, the API's included.
pub async fn middleware(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Some(policy) = state.csp.as_deref().and_then(|policy| HeaderValue::from_str(policy).ok()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_inline_loader_and_nothing_else() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script></head>";
        let policy = content_security_policy(html);
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest("\nimport init from '/a.js';\n"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert_eq!(policy.matches("sha256-").count(), 1);
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
