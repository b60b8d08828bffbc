//! The HTTP client: sends a `wham_api::routes::Request` to the configured base with the
//! Connection's headers and decodes the answer, turning every failure into an [`ApiError`]
//! that the page can show. Nothing here panics on what the network sends.

use super::connection::{origin_of, Connection};
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wham_api::routes::{Method, Request};
use wham_api::ApiErrorBody;

/// What went wrong with a request, in words for the person.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 401: the token is missing, wrong or expired.
    Unauthorized(String),
    /// 403 from the local bridge: this browser has not opened its sign-in URL.
    BridgeLogin(String),
    /// 429: too many requests; `resets_at` in Unix seconds when known.
    RateLimited { detail: String, resets_at: Option<f64> },
    /// Any other HTTP error with the server's message.
    Http { status: u16, body: ApiErrorBody },
    /// The request did not reach the server or the connection broke.
    Network(String),
    /// The answer was not the JSON we expected.
    Decode(String),
    /// A check made here before sending: no request went out.
    Invalid { field: String, detail: String },
}

impl ApiError {
    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthorized(detail) => format!("Not signed in: {detail}"),
            ApiError::BridgeLogin(detail) => detail.clone(),
            ApiError::RateLimited { detail, .. } => format!("Rate limited: {detail}"),
            // A status code says little to a person: the server's words, and for its own
            // failures that it was the server.
            ApiError::Http { status, body } if *status >= 500 => {
                format!("The server ran into a problem: {}", body.detail)
            }
            ApiError::Http { body, .. } => body.detail.clone(),
            // The browser's words ("TypeError: Failed to fetch") help nobody.
            ApiError::Network(_) => "Can't reach the server. Check your connection; loads are tried again.".to_string(),
            ApiError::Decode(detail) => format!("The server sent something unexpected: {detail}"),
            ApiError::Invalid { detail, .. } => detail.clone(),
        }
    }

    /// Whether trying the same request again may help (not for a task that does not exist, or
    /// a request the server refused as it is).
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::RateLimited { .. } | ApiError::Decode(_) => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 408,
            ApiError::Unauthorized(_) | ApiError::BridgeLogin(_) | ApiError::Invalid { .. } => false,
        }
    }

    /// Whether the server said it has no such thing (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Http { status: 404, .. })
    }

    /// The request field the server blamed, for showing the message at the field.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Http { body, .. } => body.field.as_deref(),
            ApiError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl ApiError {
    /// A problem with what the person entered, found before sending, shown at `field`.
    pub fn invalid(field: &str, detail: &str) -> Self {
        ApiError::Invalid { field: field.to_string(), detail: detail.to_string() }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// App-wide connection state, provided as context.
#[derive(Clone, Copy)]
pub struct ApiContext {
    pub connection: RwSignal<Connection>,
    /// Set when a request was refused with 401; the app then opens Settings → Connection.
    pub auth_problem: RwSignal<Option<String>>,
    /// Set when the local bridge refused this browser (403): how to sign in to it.
    pub bridge_login: RwSignal<Option<String>>,
    /// Bumped when the person used some of their limits (a task created): usage is read again.
    pub usage_changed: RwSignal<u32>,
}

impl ApiContext {
    pub fn new(connection: Connection) -> Self {
        ApiContext {
            connection: RwSignal::new(connection),
            auth_problem: RwSignal::new(None),
            bridge_login: RwSignal::new(None),
            usage_changed: RwSignal::new(0),
        }
    }
}

/// The context, or a default one (tests that mount a single component).
pub fn use_api() -> ApiContext {
    use_context::<ApiContext>().unwrap_or_else(|| {
        let context = ApiContext::new(Connection::load());
        provide_context(context);
        context
    })
}

/// Whether credentials may go to `url`: only to this page's own origin, or to a URL the person
/// typed as the base (their own choice of backend); never to any other origin.
pub fn may_send_credentials(url: &str, connection: &Connection) -> bool {
    let Some(target) = origin_of(url) else {
        return true;
    };
    let page_origin = web_sys::window().and_then(|window| window.location().origin().ok());
    page_origin.as_deref() == Some(target.as_str()) || origin_of(&connection.base).as_deref() == Some(target.as_str())
}

/// Sends a request and returns the raw answer text on success.
pub async fn send_text(api: ApiContext, request: &Request) -> Result<String, ApiError> {
    let connection = api.connection.get_untracked();
    let url = request.url(&connection.base);
    let method = match request.method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    };
    let credentials = credential_headers(&url, &connection);
    // index.html asked for the start's first GETs already (without credentials, so only when
    // there are none to send).
    let early_answer =
        if request.method == Method::Get && credentials.is_empty() { super::early::take(&url) } else { None };
    let (status, bytes) = match early_answer {
        Some(answer) => super::early::read(answer)
            .await
            .ok_or_else(|| ApiError::Network("the request made while the app loaded failed".into()))?,
        None => {
            let mut builder = RequestBuilder::new(&url).method(method).header("Accept", "application/json");
            for (name, value) in credentials {
                builder = builder.header(&name, &value);
            }
            let prepared = match &request.body {
                Some(body) => builder.json(body),
                None => builder.build(),
            }
            .map_err(|error| ApiError::Network(error.to_string()))?;
            let response = prepared.send().await.map_err(|error| ApiError::Network(error.to_string()))?;
            // The body as bytes, not as a JS string: copying bytes into WebAssembly is a memcpy,
            // while a string is re-encoded to UTF-8 character by character (20 ms for a 2.7 MB
            // turn).
            let bytes = response.binary().await.map_err(|error| ApiError::Network(error.to_string()))?;
            (response.status(), bytes)
        }
    };
    let text = String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    // Creating a task (or being refused one) changes what the usage badge shows.
    if request.method == Method::Post && request.path == wham_api::routes::TASK_CREATE.template {
        api.usage_changed.try_update(|count| *count += 1);
    }
    if (200..300).contains(&status) {
        if api.bridge_login.get_untracked().is_some() {
            api.bridge_login.set(None);
        }
        return Ok(text);
    }
    let body = ApiErrorBody::parse(&text);
    Err(match status {
        401 => {
            api.auth_problem.set(Some(body.detail.clone()));
            ApiError::Unauthorized(body.detail)
        }
        403 if body.kind.as_deref() == Some(BRIDGE_LOGIN_REQUIRED) => {
            api.bridge_login.set(Some(body.detail.clone()));
            ApiError::BridgeLogin(body.detail)
        }
        429 => ApiError::RateLimited { detail: body.detail, resets_at: body.resets_at },
        _ => ApiError::Http { status, body },
    })
}

/// The error `type` of wham-server's bridge when a browser has not signed in to it.
pub const BRIDGE_LOGIN_REQUIRED: &str = "bridge_login_required";

/// Whether a failure is worth trying again for a request that changes nothing (GET): the
/// network broke, the server stumbled (5xx) or asked to slow down (429).
fn is_transient(error: &ApiError) -> bool {
    match error {
        ApiError::Network(_) | ApiError::RateLimited { .. } => true,
        ApiError::Http { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Sends a request whose answer the app does not need (marking a task read, an action whose
/// effect the page re-reads): only success or the error matters.
pub async fn send_ignoring_answer(api: ApiContext, request: &Request) -> Result<(), ApiError> {
    send_text(api, request).await.map(|_| ())
}

/// Sends a request and decodes its JSON answer. An empty body decodes as JSON `null`.
/// A GET that fails transiently is tried again, up to three times with growing pauses; other
/// requests are sent once, since repeating them could repeat their effect.
pub async fn send<T: DeserializeOwned>(api: ApiContext, request: &Request) -> Result<T, ApiError> {
    decode_answer(&send_retrying(api, request).await?, |text| serde_json::from_str(text))
}

/// [`send`] with a decoder of the caller's: for answers whose turns are wanted without
/// their history or their log lines, read past rather than built
/// ([`wham_api::models::decode_without_history`], [`wham_api::models::decode_without_logs`]).
pub async fn send_decoding<T>(
    api: ApiContext,
    request: &Request,
    decode: fn(&str) -> serde_json::Result<T>,
) -> Result<T, ApiError> {
    decode_answer(&send_retrying(api, request).await?, decode)
}

/// An answer's text through `decode`; an empty body reads as JSON `null`.
fn decode_answer<T>(text: &str, decode: fn(&str) -> serde_json::Result<T>) -> Result<T, ApiError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    decode(text).map_err(|error| ApiError::Decode(error.to_string()))
}

/// The answer's text, with `send`'s retries. Apart from `send` so that its state machine is
/// built once, not once for every type the app decodes.
async fn send_retrying(api: ApiContext, request: &Request) -> Result<String, ApiError> {
    let mut attempt = 0;
    loop {
        match send_text(api, request).await {
            Ok(text) => return Ok(text),
            Err(error) if request.method == Method::Get && attempt < 3 && is_transient(&error) => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(300 * 2u32.pow(attempt)).await;
            }
            Err(error) => return Err(error),
        }
    }
}

/// The credential headers for `url` (empty when there are none, or the URL is elsewhere).
pub fn credential_headers(url: &str, connection: &Connection) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    if may_send_credentials(url, connection) {
        if !connection.token.is_empty() {
            headers.push(("Authorization".to_string(), format!("Bearer {}", connection.token)));
        }
        if !connection.account_id.is_empty() {
            headers.push(("ChatGPT-Account-Id".to_string(), connection.account_id.clone()));
        }
    }
    headers
}
