//! Errors as the service sends them: JSON `{detail, field?, resets_at?}` with the right status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use wham_api::ApiErrorBody;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiErrorBody,
}

impl AppError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        AppError { status, body: ApiErrorBody::new(detail) }
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} {id:?} not found"))
    }

    /// 422 naming the field at fault.
    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        let mut error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail);
        error.body.field = Some(field.to_string());
        error
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;
