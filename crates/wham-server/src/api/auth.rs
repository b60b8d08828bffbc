//! `--require-auth TOKEN`: API requests must carry `Authorization: Bearer TOKEN` and a
//! `ChatGPT-Account-Id`, as the real service requires.

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn require_auth(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    if let Some(token) = &state.config.require_auth {
        let bearer = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        let account = request
            .headers()
            .get("chatgpt-account-id")
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty());
        if bearer != Some(token.as_str()) {
            return AppError::new(
                StatusCode::UNAUTHORIZED,
                "Missing or invalid bearer token. Set it in Settings → Connection.",
            )
            .into_response();
        }
        if account.is_none() {
            return AppError::new(
                StatusCode::UNAUTHORIZED,
                "Missing ChatGPT-Account-Id header. Set the account id in Settings → Connection.",
            )
            .into_response();
        }
    }
    next.run(request).await
}
