//! A JSON body extractor whose rejections are the service's JSON errors: 400 when the body is
//! not JSON, 422 naming the field when it has the wrong shape.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|error| AppError::bad_request(format!("request body unreadable: {error}")))?;
        let text = if bytes.iter().all(u8::is_ascii_whitespace) { &b"null"[..] } else { &bytes[..] };
        let value: Value = serde_json::from_slice(text)
            .map_err(|error| AppError::bad_request(format!("request body is not JSON: {error}")))?;
        parse(value).map(JsonBody)
    }
}

/// Decodes a JSON value, naming the field at fault.
pub fn parse<T: DeserializeOwned>(value: Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let field = error.path().to_string();
        let field = if field == "." { "body".to_string() } else { field };
        AppError::invalid(&field, format!("{field}: {}", error.inner()))
    })
}
