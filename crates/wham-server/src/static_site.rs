//! Serves a built app (`--static DIR`): files as they are, and `index.html` for any other path
//! that is not an API path, so a bookmarked `/tasks/…` loads the app.

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub async fn fallback(State(state): State<AppState>, request: Request<Body>) -> Response {
    let path = request.uri().path();
    if path.starts_with("/backend-api/")
        || path.starts_with("/wham/")
        || path.starts_with("/codex/")
        || path == "/backend-api"
    {
        return AppError::new(StatusCode::NOT_FOUND, format!("no endpoint {} {}", request.method(), path))
            .into_response();
    }
    let Some(dir) = state.config.static_dir.clone() else {
        return (
            StatusCode::NOT_FOUND,
            "wham-server: no app is served here; start with --static DIR or use `cargo xtask dev`",
        )
            .into_response();
    };
    let hashed = is_hashed_asset(path);
    // Files built with a `.br`/`.gz` beside them are sent compressed when the browser accepts it.
    let service = ServeDir::new(&dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip());
    match service.oneshot(request).await {
        Ok(response) => {
            let mut response = response.into_response();
            // A hashed name never changes content: cache it for good. `index.html` (and the
            // single-page fallback) is revalidated, so a new build is picked up at once.
            let cache = if hashed && response.status().is_success() {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            response
        }
        Err(error) => AppError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// Trunk names built files `name-<hash>.ext`, the hash a 64-bit number in hex without leading
/// zeros: 16 digits, or fewer one build in sixteen. Fewer than 10 happens once in 16 million
/// builds; such a build is merely revalidated.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    // Only built files: a page address such as `/tasks/fix-0123456789ab` gets `index.html`,
    // which must never be cached for good.
    let Some((stem, extension)) = file.split_once('.') else { return false };
    if !["js", "wasm", "css"].iter().any(|built| extension.split('.').next() == Some(*built)) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (10..=16).contains(&hash.len()) && hash.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_names_are_known_with_or_without_leading_zeros() {
        assert!(is_hashed_asset("/wham-web-c2a3f0c68b5f02f8_bg.wasm"));
        assert!(is_hashed_asset("/wham-web-642f0c68b5f02f8.js"));
        assert!(is_hashed_asset("/split_task_page-642f0c68b5f02f8.wasm.br"));
        assert!(is_hashed_asset("/main-4fd032773fe04481.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/tasks/task-1"));
        assert!(!is_hashed_asset("/favicon-cafe.ico"));
        assert!(!is_hashed_asset("/tasks/fix-0123456789abcdef"));
    }
}
