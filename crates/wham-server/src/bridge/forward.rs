//! Forwarding one API request: only the endpoints of wham-api's route table, with the person's
//! credentials, and the answer back with the content type its route promises.

use super::credentials::expired_message;
use super::Bridge;
use crate::error::AppError;
use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use wham_api::routes::{self, Route};

/// Request headers passed on; everything else (cookies, the bridge secret, the browser's own
/// headers) stays here.
const FORWARDED_REQUEST_HEADERS: [&str; 4] = ["accept", "content-type", "last-event-id", "accept-language"];
/// Answer headers passed back besides the content type.
const FORWARDED_ANSWER_HEADERS: [&str; 3] = ["retry-after", "x-request-id", "last-event-id"];
/// The largest request body passed on (a task prompt with images, an environment definition).
const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;

/// The routes whose successful answer is a `text/event-stream`.
fn is_stream_route(route: Route) -> bool {
    [routes::TURN_STREAM, routes::TURN_STREAM_POST, routes::ENVIRONMENT_TEST].contains(&route)
}

pub async fn forward(bridge: &Bridge, request: Request<Body>) -> Response {
    let path = request.uri().path().strip_prefix("/backend-api").unwrap_or("");
    let Some(route) = routes::find(request.method().as_str(), path) else {
        return AppError::new(
            StatusCode::NOT_FOUND,
            format!("no WHAM endpoint {} {path}: the bridge forwards only the API's own endpoints", request.method()),
        )
        .into_response();
    };
    let Some(url) = bridge.upstream.url(path, request.uri().query()) else {
        return AppError::bad_request("the path does not stay under the API base").into_response();
    };
    let credentials = match bridge.current_credentials() {
        Ok(credentials) => credentials,
        Err(expired_at) => {
            return AppError::new(StatusCode::UNAUTHORIZED, expired_message(expired_at)).into_response();
        }
    };
    let method = match reqwest::Method::from_bytes(request.method().as_str().as_bytes()) {
        Ok(method) => method,
        Err(_) => return AppError::bad_request("unknown method").into_response(),
    };
    let mut outgoing = bridge.upstream.client.request(method, url);
    for name in FORWARDED_REQUEST_HEADERS {
        if let Some(value) = request.headers().get(name) {
            outgoing = outgoing.header(name, value.as_bytes());
        }
    }
    outgoing = outgoing.bearer_auth(credentials.token.expose());
    if let Some(account) = &credentials.account_id {
        outgoing = outgoing.header("ChatGPT-Account-Id", account);
    }
    let body = match axum::body::to_bytes(request.into_body(), MAX_REQUEST_BODY).await {
        Ok(body) => body,
        Err(error) => return AppError::bad_request(format!("request body unreadable: {error}")).into_response(),
    };
    if !body.is_empty() {
        outgoing = outgoing.body(body);
    }
    let timeouts = bridge.upstream.timeouts;
    let answer = match tokio::time::timeout(timeouts.answer, outgoing.send()).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(error)) if error.is_timeout() => return gateway_timeout(bridge, timeouts.connect.as_secs()),
        Ok(Err(error)) => {
            return AppError::new(
                StatusCode::BAD_GATEWAY,
                format!("cannot reach {}: {}", bridge.upstream.host(), error_chain(&error)),
            )
            .into_response()
        }
        Err(_) => return gateway_timeout(bridge, timeouts.answer.as_secs()),
    };
    answer_back(bridge, route, answer)
}

fn gateway_timeout(bridge: &Bridge, seconds: u64) -> Response {
    AppError::new(
        StatusCode::GATEWAY_TIMEOUT,
        format!("{} did not answer within {seconds} s; try again", bridge.upstream.host()),
    )
    .into_response()
}

/// reqwest's errors name their cause only in `source()`.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The upstream's answer as the app's: a redirect off the service becomes a 502, a body of a
/// type the route does not promise (a proxy's HTML page) becomes a JSON error, and streams pass
/// through chunk by chunk.
fn answer_back(bridge: &Bridge, route: Route, answer: reqwest::Response) -> Response {
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    if status.is_redirection() {
        let target = answer
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|location| answer.url().join(location).ok())
            .and_then(|url| url.host_str().map(str::to_string))
            .unwrap_or_else(|| "elsewhere".into());
        return AppError::new(
            StatusCode::BAD_GATEWAY,
            format!(
                "{} redirected to {target}; the bridge does not follow it, so your credentials stay with {}",
                bridge.upstream.host(),
                bridge.upstream.host()
            ),
        )
        .into_response();
    }
    let upstream_type = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let content_type = match upstream_type.as_deref() {
        Some("text/event-stream") if is_stream_route(route) && status.is_success() => Some("text/event-stream"),
        Some(kind) if kind == "application/json" || kind.ends_with("+json") => Some("application/json"),
        None if answer.content_length() == Some(0) || status == StatusCode::NO_CONTENT => None,
        other => {
            let status = if status.is_success() { StatusCode::BAD_GATEWAY } else { status };
            return AppError::new(
                status,
                format!(
                    "{} answered {} with {}, not the JSON this endpoint sends",
                    bridge.upstream.host(),
                    answer.status().as_u16(),
                    other.unwrap_or("no content type")
                ),
            )
            .into_response();
        }
    };
    let mut passed_headers = Vec::new();
    for name in FORWARDED_ANSWER_HEADERS {
        if let Some(value) = answer.headers().get(name).and_then(|value| HeaderValue::from_bytes(value.as_bytes()).ok())
        {
            passed_headers.push((name, value));
        }
    }
    // Chunks are passed on as they arrive: an SSE stream is never buffered.
    let stream = answer.bytes_stream().map_err(std::io::Error::other);
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(content_type) = content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    for (name, value) in passed_headers {
        headers.insert(name, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
