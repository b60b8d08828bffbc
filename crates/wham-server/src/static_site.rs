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

/// Trunk names built files `name-<16 hex digits>.ext`.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()))
}
