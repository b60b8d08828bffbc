//! Bridge mode (`--upstream URL`): the way a person uses the app with their real account.
//!
//! The bridge holds the person's token, so every request to it is treated as hostile:
//! * [`access`]: only this app gets in (own loopback `Host`, own `Origin`, the secret cookie);
//! * [`forward`]: only the endpoints of wham-api's route table go on, with the credentials;
//! * [`upstream`]: one HTTPS client (rustls), timeouts, no redirect off the service;
//! * [`credentials`]: the token from the environment or the Codex CLI login, never printed.

pub mod access;
pub mod credentials;
pub mod forward;
pub mod upstream;

use crate::AppState;
use access::Access;
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use credentials::Credentials;
use std::sync::RwLock;
use upstream::Upstream;

/// Everything bridge mode needs: where to go, with what, and whom to let in.
#[derive(Debug)]
pub struct Bridge {
    pub upstream: Upstream,
    pub access: Access,
    credentials: RwLock<Credentials>,
}

impl Bridge {
    pub fn new(upstream: Upstream, access: Access, credentials: Credentials) -> Self {
        Bridge { upstream, access, credentials: RwLock::new(credentials) }
    }

    /// The credentials to send now. An expired token is read again from its login file (a
    /// `codex login` may have renewed it); `Err` holds when it expired if it still has.
    pub fn current_credentials(&self) -> Result<Credentials, f64> {
        let current = self.credentials.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        let Some(expired_at) = current.expired_at(crate::now()) else {
            return Ok(current);
        };
        match current.reload() {
            Ok(fresh) if fresh.expired_at(crate::now()).is_none() => {
                *self.credentials.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh.clone();
                Ok(fresh)
            }
            _ => Err(expired_at),
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("/backend-api{}", wham_api::routes::SERVER_STATUS.template), get(status))
        .route("/backend-api/{*rest}", any(forward_handler))
}

async fn forward_handler(State(state): State<AppState>, request: Request<Body>) -> Response {
    match &state.config.bridge {
        Some(bridge) => forward::forward(bridge, request).await,
        None => crate::error::AppError::new(axum::http::StatusCode::NOT_FOUND, "bridge mode is off").into_response(),
    }
}

/// What the app shows in Settings → Connection: "through the local bridge to <host>".
async fn status(State(state): State<AppState>) -> Response {
    let Some(bridge) = &state.config.bridge else {
        return Json(serde_json::json!({ "mode": "local" })).into_response();
    };
    let credentials = bridge.current_credentials();
    let (account_id, expires_at, expired) = match &credentials {
        Ok(credentials) => (credentials.account_id.clone(), credentials.token.expires_at(), false),
        Err(expired_at) => (None, Some(*expired_at), true),
    };
    Json(serde_json::json!({
        "mode": "bridge",
        "upstream": bridge.upstream.host(),
        "account_id": account_id,
        "token_expires_at": expires_at,
        "token_expired": expired,
    }))
    .into_response()
}

/// Runs before everything in bridge mode, the static app included: checks `Host` and `Origin`,
/// answers the sign-in URL, and asks API requests for the secret.
pub async fn guard(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let Some(bridge) = &state.config.bridge else {
        return next.run(request).await;
    };
    if let Some(refused) = bridge.access.refusal(request.headers()) {
        return refused;
    }
    let path = request.uri().path();
    if path == "/" {
        let token = request.uri().query().and_then(|query| {
            url::form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "token").map(|(_, value)| value)
        });
        if let Some(token) = token {
            return bridge.access.login(&token);
        }
    }
    let is_api = path == "/backend-api" || path.starts_with("/backend-api/");
    if is_api && !bridge.access.has_secret(request.headers()) {
        return bridge.access.login_required();
    }
    // `nosniff` and the other security headers are added to every answer (security_headers.rs).
    next.run(request).await
}
