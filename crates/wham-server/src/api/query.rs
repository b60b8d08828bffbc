//! A query-string extractor whose rejections are the service's JSON errors, like
//! [`super::body::JsonBody`] for bodies: a query that does not decode is a 422 naming the
//! parameter, never axum's plain-text rejection. Handlers declare the parameters they read as
//! a struct, so what an endpoint accepts is written in one place.

use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer).map(QueryParams).map_err(|error| {
            let message = error.inner().to_string();
            // A parameter given twice fails on the whole query (path "."); serde names it in
            // backticks ("duplicate field `limit`").
            let field = match error.path().to_string() {
                path if path == "." => message.split('`').nth(1).unwrap_or("query").to_string(),
                path => path,
            };
            AppError::invalid(&field, format!("query parameter {field}: {message}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Default, PartialEq)]
    #[serde(default)]
    struct Params {
        limit: Option<String>,
        cursor: Option<String>,
    }

    async fn extract<T: DeserializeOwned>(uri: &str) -> Result<T, AppError> {
        let (mut parts, ()) = Request::get(uri).body(()).unwrap().into_parts();
        QueryParams::<T>::from_request_parts(&mut parts, &()).await.map(|QueryParams(value)| value)
    }

    #[tokio::test]
    async fn decodes_named_parameters_and_names_the_one_at_fault() {
        let params: Params = extract("/x?limit=5&cursor=%2BRID%3Aab&other=1").await.unwrap();
        assert_eq!(params, Params { limit: Some("5".into()), cursor: Some("+RID:ab".into()) });
        assert_eq!(extract::<Params>("/x").await.unwrap(), Params::default());
        let error = extract::<Params>("/x?limit=1&limit=2").await.unwrap_err();
        assert_eq!(error.body.field.as_deref(), Some("limit"), "{:?}", error.body);
        let repeated: Vec<(String, String)> = extract("/x?item_type=a&item_type=b").await.unwrap();
        assert_eq!(repeated.len(), 2);
    }
}
