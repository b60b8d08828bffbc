//! Bridge mode (`--upstream URL`): forwards `/backend-api/…` to the real service, adding the
//! person's `Authorization` and `ChatGPT-Account-Id`, and passes streams through unbuffered.
//!
//! Because it adds credentials, it only listens on loopback (checked in `main`) and refuses
//! cross-site requests, so no other web page the person visits can act with their token.

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use futures_util::TryStreamExt;
use std::path::PathBuf;

/// Where to forward, and with which credentials.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// The upstream API base, such as `https://chatgpt.com/backend-api`.
    pub base: String,
    pub token: String,
    pub account_id: Option<String>,
}

impl Upstream {
    /// Credentials from `WHAM_TOKEN`/`WHAM_ACCOUNT_ID`, else the Codex CLI's login file
    /// (`$CODEX_HOME/auth.json`, default `~/.codex/auth.json`).
    pub fn from_environment(base: &str) -> Result<Upstream, String> {
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("--upstream must be an http(s) URL, got {base:?}"));
        }
        if let Ok(token) = std::env::var("WHAM_TOKEN") {
            if !token.trim().is_empty() {
                return Ok(Upstream {
                    base,
                    token: token.trim().to_string(),
                    account_id: std::env::var("WHAM_ACCOUNT_ID").ok().filter(|id| !id.is_empty()),
                });
            }
        }
        let home = std::env::var_os("CODEX_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".codex")))
            .ok_or("set WHAM_TOKEN, or CODEX_HOME/HOME for the Codex CLI login file")?;
        let path = home.join("auth.json");
        let text = std::fs::read_to_string(&path).map_err(|error| {
            format!(
                "no credentials: set WHAM_TOKEN and WHAM_ACCOUNT_ID, or log in with the Codex CLI ({}: {error})",
                path.display()
            )
        })?;
        let auth: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
        let tokens = &auth["tokens"];
        let token = tokens["access_token"]
            .as_str()
            .filter(|token| !token.is_empty())
            .ok_or_else(|| format!("{}: no tokens.access_token", path.display()))?;
        let account_id =
            tokens["account_id"].as_str().map(str::to_string).or_else(|| std::env::var("WHAM_ACCOUNT_ID").ok());
        Ok(Upstream { base, token: token.to_string(), account_id })
    }
}

pub fn router(_state: AppState) -> Router<AppState> {
    Router::new().route("/backend-api/{*rest}", any(forward))
}

/// Refuses a request that another site's page made: browsers mark those with
/// `Sec-Fetch-Site: cross-site`/`same-site` and an `Origin` other than ours.
fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return true;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("");
        let own = [format!("http://{host}"), format!("https://{host}")];
        if !own.iter().any(|own| own == origin) {
            return true;
        }
    }
    false
}

async fn forward(State(state): State<AppState>, request: Request<Body>) -> Response {
    let Some(upstream) = state.config.upstream.clone() else {
        return AppError::new(StatusCode::NOT_FOUND, "bridge mode is off").into_response();
    };
    if is_cross_site(request.headers()) {
        return AppError::new(
            StatusCode::FORBIDDEN,
            "cross-site request refused: the bridge only serves pages on its own origin",
        )
        .into_response();
    }
    let path_and_query = request.uri().path_and_query().map(|value| value.as_str()).unwrap_or("/");
    let rest = path_and_query.strip_prefix("/backend-api").unwrap_or(path_and_query);
    let url = format!("{}{}", upstream.base, rest);
    let method = reqwest::Method::from_bytes(request.method().as_str().as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut outgoing = reqwest::Client::new().request(method, &url);
    for name in [header::ACCEPT, header::CONTENT_TYPE, header::HeaderName::from_static("last-event-id")] {
        if let Some(value) = request.headers().get(&name).and_then(|value| value.to_str().ok()) {
            outgoing = outgoing.header(name.as_str(), value);
        }
    }
    outgoing = outgoing.header("Authorization", format!("Bearer {}", upstream.token));
    if let Some(account) = &upstream.account_id {
        outgoing = outgoing.header("ChatGPT-Account-Id", account);
    }
    let body = match axum::body::to_bytes(request.into_body(), 16 * 1024 * 1024).await {
        Ok(body) => body,
        Err(error) => return AppError::bad_request(format!("request body unreadable: {error}")).into_response(),
    };
    if !body.is_empty() {
        outgoing = outgoing.body(body);
    }
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => {
            return AppError::new(StatusCode::BAD_GATEWAY, format!("upstream unreachable: {error}")).into_response()
        }
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| HeaderValue::from_bytes(value.as_bytes()).ok());
    // Chunks are passed on as they arrive: an SSE stream is never buffered.
    let stream = answer.bytes_stream().map_err(std::io::Error::other);
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = status;
    if let Some(content_type) = content_type {
        response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
