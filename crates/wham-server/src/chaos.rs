//! `--chaos P`: that fraction of API requests misbehave the way a bad network or an overloaded
//! service does: a 500, a 429 with a reset time, a slow answer, or a stream cut mid-turn.
//! The static site is never touched, so the app itself always loads.

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::time::Duration;

/// What a chaotic request gets.
enum Mischief {
    ServerError,
    TooManyRequests,
    Slow,
    CutStream(usize),
}

fn is_api(path: &str) -> bool {
    path.starts_with("/backend-api/") || path.starts_with("/wham/") || path.starts_with("/codex/")
}

pub async fn middleware(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let probability = state.config.chaos;
    if probability <= 0.0 || !is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let is_stream = request.uri().path().ends_with("/stream") || request.uri().path().ends_with("/environments/test");
    let mischief = {
        let mut rng = state.chaos_rng.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !rng.chance(probability) {
            None
        } else if is_stream {
            // Streams are cut (the interesting failure for them) or refused.
            Some(if rng.chance(0.75) { Mischief::CutStream(rng.range(1, 12) as usize) } else { Mischief::ServerError })
        } else {
            Some(match rng.below(3) {
                0 => Mischief::ServerError,
                1 => Mischief::TooManyRequests,
                _ => Mischief::Slow,
            })
        }
    };
    match mischief {
        None => next.run(request).await,
        Some(Mischief::ServerError) => {
            AppError::new(StatusCode::INTERNAL_SERVER_ERROR, "chaos: simulated internal error, try again")
                .into_response()
        }
        Some(Mischief::TooManyRequests) => {
            let mut error =
                AppError::new(StatusCode::TOO_MANY_REQUESTS, "chaos: simulated rate limit, try again in a moment");
            error.body.resets_at = Some(crate::now() + 2.0);
            let mut response = error.into_response();
            response.headers_mut().insert("retry-after", axum::http::HeaderValue::from_static("2"));
            response
        }
        Some(Mischief::Slow) => {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            next.run(request).await
        }
        Some(Mischief::CutStream(frames)) => {
            let response = next.run(request).await;
            let (parts, body) = response.into_parts();
            let cut = body.into_data_stream().take(frames);
            Response::from_parts(parts, Body::from_stream(cut))
        }
    }
}
