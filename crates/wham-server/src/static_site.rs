//! Serves a built app (`--static DIR`): files as they are, and `index.html` for any other path
//! that is not an API path, so a bookmarked `/tasks/…` loads the app.

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
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
    let service =
        ServeDir::new(&dir).append_index_html_on_directories(true).fallback(ServeFile::new(dir.join("index.html")));
    match service.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(error) => AppError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}
