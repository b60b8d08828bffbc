//! Who may use the bridge: only this app, in the manner of Jupyter Server.
//!
//! 1. **Host**: the request must name the bridge by its own loopback address and port
//!    (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`). A page on an attacker's name that was
//!    re-pointed at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
//! 2. **Origin** (when a browser sends one) and `Sec-Fetch-Site`: our own origin only, or an app
//!    origin named with `--app-origin` (a `trunk serve` in front of the bridge).
//! 3. **The secret**: made at start and printed in one URL (`/?token=…`); opening it sets an
//!    `HttpOnly; SameSite=Strict` cookie and redirects to the app. Every API request needs that
//!    cookie, or the `X-Wham-Bridge-Token` header (for scripts). Without it: 403, and the request
//!    never reaches the service. This is what keeps out other programs and users on the machine.

use crate::error::AppError;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use subtle::ConstantTimeEq;

/// The header that scripts send the secret in.
pub const SECRET_HEADER: &str = "x-wham-bridge-token";
/// The `type` of the 403 that asks the person to open the login URL, so the app can say how.
pub const LOGIN_REQUIRED: &str = "bridge_login_required";

/// The bridge's own address and its secret.
#[derive(Clone)]
pub struct Access {
    port: u16,
    secret: String,
    /// Other loopback origins whose pages may use the bridge (`http://127.0.0.1:8080`).
    app_origins: Vec<String>,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access").field("port", &self.port).field("app_origins", &self.app_origins).finish()
    }
}

impl Access {
    /// A fresh random secret for a bridge listening on `port`.
    pub fn new(port: u16, app_origins: Vec<String>) -> Result<Access, String> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(|error| format!("no randomness for the bridge secret: {error}"))?;
        let secret = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        Ok(Self::with_secret(port, secret, app_origins))
    }

    pub fn with_secret(port: u16, secret: String, app_origins: Vec<String>) -> Access {
        let app_origins = app_origins.into_iter().map(|origin| origin.trim_end_matches('/').to_string()).collect();
        Access { port, secret, app_origins }
    }

    /// The URL to open once: it sets the cookie and leads to the app.
    pub fn login_url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.secret)
    }

    /// The cookie's name carries the port, since browsers share cookies across the ports of a host.
    fn cookie_name(&self) -> String {
        format!("wham_bridge_{}", self.port)
    }

    /// `Host` values that name this bridge (and the app origins' hosts, whose proxy may keep them).
    fn is_own_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let own = ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| host == format!("{name}:{}", self.port))
            || (self.port == 80 && ["127.0.0.1", "localhost", "[::1]"].contains(&host.as_str()));
        own || self.app_origins.iter().any(|origin| origin.strip_prefix("http://") == Some(host.as_str()))
    }

    fn is_own_origin(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        match origin.strip_prefix("http://") {
            Some(host) if self.is_own_host(host) => true,
            _ => self.app_origins.contains(&origin),
        }
    }

    /// Checks `Host`, `Origin` and `Sec-Fetch-Site`: any request, page or API. `Some` is the
    /// refusal to answer with.
    pub fn refusal(&self, headers: &HeaderMap) -> Option<Response> {
        let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("");
        if !self.is_own_host(host) {
            return Some(forbidden(format!(
                "wrong host {host:?}: the bridge answers only at http://127.0.0.1:{} (or localhost)",
                self.port
            )));
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("");
            if !self.is_own_origin(origin) {
                return Some(forbidden(format!("cross-origin request from {origin:?} refused")));
            }
        }
        if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
            if site != "same-origin" && site != "none" && headers.get(header::ORIGIN).is_none() {
                return Some(forbidden(format!("{site} request refused")));
            }
        }
        None
    }

    /// Whether the request carries the secret, in the cookie or the header.
    pub fn has_secret(&self, headers: &HeaderMap) -> bool {
        let from_header = headers.get(SECRET_HEADER).map(|value| self.matches(value.as_bytes()));
        if from_header == Some(true) {
            return true;
        }
        let name = self.cookie_name();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| Cookie::split_parse(value.to_string()))
            .filter_map(Result::ok)
            .any(|cookie| cookie.name() == name && self.matches(cookie.value().as_bytes()))
    }

    fn matches(&self, candidate: &[u8]) -> bool {
        bool::from(candidate.ct_eq(self.secret.as_bytes()))
    }

    /// The 403 for an API request without the secret.
    pub fn login_required(&self) -> Response {
        let mut error = AppError::new(
            StatusCode::FORBIDDEN,
            format!(
                "This wham-server bridge lets in only the browser that opened its sign-in link. Open the \
                 URL it printed when it started (http://127.0.0.1:{}/?token=…) in this browser; scripts \
                 send the secret in the X-Wham-Bridge-Token header.",
                self.port
            ),
        );
        error.body.kind = Some(LOGIN_REQUIRED.to_string());
        error.into_response()
    }

    /// Answers `/?token=…`: the right secret sets the cookie and redirects to the app (the first
    /// `--app-origin`, else `/`), so the secret leaves the address bar; a wrong one is refused.
    pub fn login(&self, token: &str) -> Response {
        if !self.matches(token.as_bytes()) {
            return forbidden(format!(
                "wrong sign-in token: open the exact URL wham-server printed (http://127.0.0.1:{}/?token=…)",
                self.port
            ));
        }
        let cookie = Cookie::build((self.cookie_name(), self.secret.clone()))
            .http_only(true)
            .same_site(SameSite::Strict)
            .path("/")
            .build();
        let target = self.app_origins.first().map(|origin| format!("{origin}/")).unwrap_or_else(|| "/".into());
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            headers.insert(header::SET_COOKIE, value);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        response
    }
}

fn forbidden(detail: String) -> Response {
    AppError::new(StatusCode::FORBIDDEN, detail).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn accepts_only_its_own_loopback_names() {
        let access = Access::with_secret(8787, "s3cret".into(), vec!["http://127.0.0.1:8080".into()]);
        for host in ["127.0.0.1:8787", "localhost:8787", "LOCALHOST:8787", "[::1]:8787", "127.0.0.1:8080"] {
            assert!(access.refusal(&headers(&[("host", host)])).is_none(), "{host}");
        }
        for host in ["rebind.example:8787", "127.0.0.1:9999", "127.0.0.1", "", "127.0.0.1:8787.evil", "0.0.0.0:8787"] {
            assert!(access.refusal(&headers(&[("host", host)])).is_some(), "{host}");
        }
        let own = [("host", "127.0.0.1:8787"), ("origin", "http://127.0.0.1:8787")];
        assert!(access.refusal(&headers(&own)).is_none());
        let dev = [("host", "127.0.0.1:8787"), ("origin", "http://127.0.0.1:8080")];
        assert!(access.refusal(&headers(&dev)).is_none());
        for origin in ["http://rebind.example:8787", "null", "https://127.0.0.1:8787", "http://127.0.0.1:1"] {
            let pairs = [("host", "127.0.0.1:8787"), ("origin", origin)];
            assert!(access.refusal(&headers(&pairs)).is_some(), "{origin}");
        }
    }

    #[test]
    fn needs_the_secret_in_the_cookie_or_the_header() {
        let access = Access::with_secret(8787, "s3cret".into(), vec![]);
        assert!(!access.has_secret(&headers(&[])));
        assert!(access.has_secret(&headers(&[("cookie", "a=b; wham_bridge_8787=s3cret")])));
        assert!(!access.has_secret(&headers(&[("cookie", "wham_bridge_9999=s3cret")])));
        assert!(!access.has_secret(&headers(&[("cookie", "wham_bridge_8787=s3cre")])));
        assert!(access.has_secret(&headers(&[("x-wham-bridge-token", "s3cret")])));
        assert!(!access.has_secret(&headers(&[("x-wham-bridge-token", "wrong")])));
        let login = access.login("s3cret");
        let cookie = login.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        assert_eq!(access.login("nope").status(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn never_prints_the_secret() {
        let access = Access::with_secret(8787, "s3cret".into(), vec![]);
        assert!(!format!("{access:?}").contains("s3cret"));
    }
}
