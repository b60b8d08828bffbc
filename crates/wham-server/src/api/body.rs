//! A JSON body extractor whose rejections are the service's JSON errors: 415 when a body is
//! not declared JSON, 400 when it is not JSON, 422 naming the field when it has the wrong shape.
//!
//! The content type matters: a page on another site can send a cross-site "simple" request
//! (`text/plain`, no preflight) but never one declared `application/json`. So a body that is
//! not declared JSON is refused even if it parses.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(is_json_content_type);
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|error| AppError::bad_request(format!("request body unreadable: {error}")))?;
        let empty = bytes.iter().all(u8::is_ascii_whitespace);
        if !empty && !declared_json {
            return Err(AppError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "the request body must be sent as Content-Type: application/json",
            ));
        }
        let text = if empty { &b"null"[..] } else { &bytes[..] };
        let value: Value = serde_json::from_slice(text)
            .map_err(|error| AppError::bad_request(format!("request body is not JSON: {error}")))?;
        parse(value).map(JsonBody)
    }
}

/// `application/json`, with or without parameters, or any `…+json` type.
pub fn is_json_content_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Decodes a JSON value, naming the field at fault.
pub fn parse<T: DeserializeOwned>(value: Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let field = error.path().to_string();
        let field = if field == "." { "body".to_string() } else { field };
        AppError::invalid(&field, format!("{field}: {}", error.inner()))
    })
}
