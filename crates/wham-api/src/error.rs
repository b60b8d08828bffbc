//! Error bodies. The service answers errors as `{detail: "…"}`, `{detail: {type, message}}`,
//! `{error: {message, type}}`, or (validation) `{detail: [{loc, msg, type}]}`; `wham-server` sends
//! `{detail: "…", field?, resets_at?}`. [`ApiErrorBody::parse`] reads them all into one message.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The error body `wham-server` sends, and the normalised reading of any error body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// A readable message for the person.
    pub detail: String,
    /// The request field at fault, for 400/422 answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// When a rate limit resets (Unix seconds), for 429 answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resets_at: Option<f64>,
    /// A machine-readable error type, when the service gives one.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl ApiErrorBody {
    pub fn new(detail: impl Into<String>) -> Self {
        ApiErrorBody { detail: detail.into(), ..Default::default() }
    }

    /// Reads any error body the service may send. Never fails: a body that is not JSON, or JSON
    /// of an unknown shape, becomes its (shortened) text.
    pub fn parse(body: &str) -> Self {
        let Ok(value) = serde_json::from_str::<Value>(body) else {
            let text = body.trim();
            return ApiErrorBody::new(if text.is_empty() {
                "the server sent an empty error".to_string()
            } else {
                shorten(text, 300)
            });
        };
        Self::from_value(&value)
    }

    /// Reads an already-parsed error body.
    pub fn from_value(value: &Value) -> Self {
        let mut body = ApiErrorBody {
            field: value.get("field").and_then(Value::as_str).map(str::to_string),
            resets_at: value.get("resets_at").and_then(Value::as_f64),
            kind: value.get("type").and_then(Value::as_str).map(str::to_string),
            ..Default::default()
        };
        match value.get("detail").or_else(|| value.get("error")) {
            Some(Value::String(text)) => body.detail = text.clone(),
            Some(Value::Object(object)) => {
                body.detail = object
                    .get("message")
                    .or_else(|| object.get("detail"))
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error")
                    .to_string();
                body.kind =
                    object.get("type").or_else(|| object.get("code")).and_then(Value::as_str).map(str::to_string);
            }
            Some(Value::Array(problems)) => {
                // FastAPI-style validation errors: `[{loc: ["body", "field"], msg}]`.
                let messages: Vec<String> = problems
                    .iter()
                    .map(|problem| {
                        let location = problem
                            .get("loc")
                            .and_then(Value::as_array)
                            .map(|parts| {
                                parts
                                    .iter()
                                    .filter(|part| part.as_str() != Some("body"))
                                    .map(plain)
                                    .collect::<Vec<_>>()
                                    .join(".")
                            })
                            .unwrap_or_default();
                        if body.field.is_none() && !location.is_empty() {
                            body.field = Some(location.clone());
                        }
                        let message = problem.get("msg").and_then(Value::as_str).unwrap_or("invalid");
                        if location.is_empty() {
                            message.to_string()
                        } else {
                            format!("{location}: {message}")
                        }
                    })
                    .collect();
                body.detail = messages.join("; ");
            }
            Some(other) if !other.is_null() => body.detail = shorten(&other.to_string(), 300),
            _ => {
                body.detail = value
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| shorten(&value.to_string(), 300))
            }
        }
        if body.detail.is_empty() {
            body.detail = "unknown error".into();
        }
        body
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max_chars).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_error_shape() {
        assert_eq!(ApiErrorBody::parse(r#"{"detail":"Not found"}"#).detail, "Not found");
        let nested = ApiErrorBody::parse(r#"{"detail":{"type":"quota","message":"Too many"}}"#);
        assert_eq!((nested.detail.as_str(), nested.kind.as_deref()), ("Too many", Some("quota")));
        assert_eq!(ApiErrorBody::parse(r#"{"error":{"message":"Bad","type":"x"}}"#).detail, "Bad");
        let validation =
            ApiErrorBody::parse(r#"{"detail":[{"loc":["body","new_task","environment_id"],"msg":"field required"}]}"#);
        assert_eq!(validation.field.as_deref(), Some("new_task.environment_id"));
        assert_eq!(validation.detail, "new_task.environment_id: field required");
        assert_eq!(ApiErrorBody::parse("<html>502 Bad Gateway</html>").detail, "<html>502 Bad Gateway</html>");
        assert_eq!(ApiErrorBody::parse("").detail, "the server sent an empty error");
        let typed = ApiErrorBody::parse(r#"{"detail":"sign in","type":"bridge_login_required"}"#);
        assert_eq!(typed.kind.as_deref(), Some("bridge_login_required"));
        let limited = ApiErrorBody::parse(r#"{"detail":"slow down","resets_at":1700000000.5}"#);
        assert_eq!(limited.resets_at, Some(1700000000.5));
    }
}
