//! Where the API is and how to authenticate: the Connection settings, kept in session storage
//! (or local storage when the person ticks "remember on this device").

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "wham-web.connection";

/// The default API base: same origin, proxied by `trunk serve` or served by `wham-server`.
pub const DEFAULT_BASE: &str = "/backend-api";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Connection {
    /// API base path or URL, without a trailing slash.
    pub base: String,
    /// Bearer token; empty when not set.
    pub token: String,
    /// `ChatGPT-Account-Id`; empty when not set.
    pub account_id: String,
    /// Kept in local storage (survives the browser closing) rather than session storage.
    pub remember: bool,
}

impl Default for Connection {
    fn default() -> Self {
        Connection { base: DEFAULT_BASE.into(), token: String::new(), account_id: String::new(), remember: false }
    }
}

impl Connection {
    /// Loads the saved connection: session storage first, then local storage.
    pub fn load() -> Self {
        SessionStorage::get::<Connection>(STORAGE_KEY)
            .or_else(|_| LocalStorage::get::<Connection>(STORAGE_KEY))
            .map(Connection::normalized)
            .unwrap_or_default()
    }

    /// Saves to the chosen storage and removes any copy from the other.
    pub fn save(&self) -> Result<(), String> {
        let connection = self.clone().normalized();
        let result = if connection.remember {
            SessionStorage::delete(STORAGE_KEY);
            LocalStorage::set(STORAGE_KEY, &connection)
        } else {
            LocalStorage::delete(STORAGE_KEY);
            SessionStorage::set(STORAGE_KEY, &connection)
        };
        result.map_err(|error| format!("could not save the connection: {error}"))
    }

    /// Trims input and falls back to the default base.
    pub fn normalized(mut self) -> Self {
        self.base = self.base.trim().trim_end_matches('/').to_string();
        if self.base.is_empty() {
            self.base = DEFAULT_BASE.into();
        }
        self.token = self.token.trim().trim_start_matches("Bearer ").trim().to_string();
        self.account_id = self.account_id.trim().to_string();
        self
    }

    /// Checks the base: a path starting with `/`, or an `http(s)://` URL.
    pub fn validate(&self) -> Result<(), String> {
        let base = self.base.trim();
        if base.starts_with('/') && !base.starts_with("//") {
            return Ok(());
        }
        if (base.starts_with("http://") || base.starts_with("https://")) && base.len() > "https://".len() {
            return Ok(());
        }
        Err("The API base must be a path such as /backend-api or a URL such as http://127.0.0.1:8787/backend-api"
            .into())
    }

    /// The token with all but its last four characters hidden, for display.
    pub fn masked_token(&self) -> String {
        mask(&self.token)
    }
}

/// Hides a secret but for its last four characters.
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    if count == 0 {
        return String::new();
    }
    if count <= 8 {
        return "•".repeat(count);
    }
    let tail: String = secret.chars().skip(count - 4).collect();
    format!("••••••••{tail}")
}

/// The origin (`scheme://host[:port]`) of an absolute URL, or `None` for a path.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}
