//! The person's credentials for the real service: from `WHAM_TOKEN`/`WHAM_ACCOUNT_ID`, or from
//! the Codex CLI's login file (`$CODEX_HOME/auth.json`, default `~/.codex/auth.json`).
//!
//! The token never appears in a log or a `Debug` print. When it expires (its JWT `exp`), the
//! login file is read again, so a `codex login` in another terminal is picked up without a
//! restart. The bridge does not refresh the token itself: the Codex CLI's refresh writes the
//! same file the CLI owns, and two writers of one person's login file could lose it.

use base64::Engine;
use std::fmt;
use std::path::PathBuf;

/// A bearer token that does not print itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The token, for the one place that needs it: the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// When the token expires (Unix seconds), read from its JWT payload's `exp`; `None` for a
    /// token that is not a JWT or names no expiry.
    pub fn expires_at(&self) -> Option<f64> {
        let payload = self.0.split('.').nth(1)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
        let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        claims.get("exp")?.as_f64().filter(|exp| exp.is_finite())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Where the credentials came from, so they can be read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `WHAM_TOKEN` (and `WHAM_ACCOUNT_ID`).
    Environment,
    /// The Codex CLI's `auth.json`.
    LoginFile(PathBuf),
    /// Given directly (tests).
    Fixed,
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub token: Token,
    pub account_id: Option<String>,
    pub source: Source,
}

impl Credentials {
    pub fn fixed(token: &str, account_id: Option<&str>) -> Self {
        Credentials { token: Token::new(token), account_id: account_id.map(str::to_string), source: Source::Fixed }
    }

    /// `WHAM_TOKEN`/`WHAM_ACCOUNT_ID` when set, else the Codex CLI's login file.
    pub fn from_environment() -> Result<Credentials, String> {
        if let Ok(token) = std::env::var("WHAM_TOKEN") {
            if !token.trim().is_empty() {
                return Ok(Credentials {
                    token: Token::new(token.trim()),
                    account_id: std::env::var("WHAM_ACCOUNT_ID").ok().filter(|id| !id.trim().is_empty()),
                    source: Source::Environment,
                });
            }
        }
        let home = std::env::var_os("CODEX_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".codex")))
            .ok_or("set WHAM_TOKEN, or CODEX_HOME/HOME for the Codex CLI login file")?;
        Self::from_login_file(home.join("auth.json"))
    }

    /// Reads the Codex CLI's `auth.json`: `tokens.access_token` and `tokens.account_id`.
    pub fn from_login_file(path: PathBuf) -> Result<Credentials, String> {
        let text = std::fs::read_to_string(&path).map_err(|error| {
            format!(
                "no credentials: run `codex login`, or set WHAM_TOKEN and WHAM_ACCOUNT_ID ({}: {error})",
                path.display()
            )
        })?;
        let auth: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| format!("{}: not JSON: {error}", path.display()))?;
        let tokens = &auth["tokens"];
        let token = tokens["access_token"]
            .as_str()
            .filter(|token| !token.trim().is_empty())
            .ok_or_else(|| format!("{}: no tokens.access_token; run `codex login` again", path.display()))?;
        let account_id = tokens["account_id"]
            .as_str()
            .map(str::to_string)
            .or_else(|| std::env::var("WHAM_ACCOUNT_ID").ok())
            .filter(|id| !id.trim().is_empty());
        Ok(Credentials { token: Token::new(token.trim()), account_id, source: Source::LoginFile(path) })
    }

    /// Reads the credentials again from where they came from (the login file may be newer).
    pub fn reload(&self) -> Result<Credentials, String> {
        match &self.source {
            Source::LoginFile(path) => Self::from_login_file(path.clone()),
            Source::Environment | Source::Fixed => Ok(self.clone()),
        }
    }

    /// Whether the token has expired at `now` (Unix seconds). A token without an expiry never
    /// expires here; the service will say so with a 401.
    pub fn expired_at(&self, now: f64) -> Option<f64> {
        self.token.expires_at().filter(|expires| *expires <= now)
    }
}

/// The message for an expired login, at start and in the 401 the bridge answers.
pub fn expired_message(expired_at: f64) -> String {
    let ago = (crate::now() - expired_at).max(0.0);
    let ago = if ago < 120.0 {
        format!("{ago:.0} s")
    } else if ago < 7200.0 {
        format!("{:.0} min", ago / 60.0)
    } else {
        format!("{:.0} h", ago / 3600.0)
    };
    format!(
        "Your Codex login expired {ago} ago. Run `codex login` again (the bridge reads the new login \
         at once), or set a fresh WHAM_TOKEN and restart wham-server."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
        format!("{}.{}.signature", encode(r#"{"alg":"RS256"}"#), encode(claims))
    }

    #[test]
    fn reads_the_expiry_of_a_jwt() {
        assert_eq!(Token::new(jwt(r#"{"exp":1700000000}"#)).expires_at(), Some(1700000000.0));
        assert_eq!(Token::new(jwt(r#"{"sub":"x"}"#)).expires_at(), None);
        assert_eq!(Token::new("opaque-token").expires_at(), None);
        assert_eq!(Token::new("a.%%%.c").expires_at(), None);
        let credentials = Credentials::fixed(&jwt(r#"{"exp":100}"#), None);
        assert_eq!(credentials.expired_at(99.0), None);
        assert_eq!(credentials.expired_at(100.0), Some(100.0));
    }

    #[test]
    fn never_prints_the_token() {
        let credentials = Credentials::fixed("sk-very-secret", Some("acct"));
        let printed = format!("{credentials:?} {:?}", credentials.token);
        assert!(!printed.contains("very-secret"), "{printed}");
        assert!(printed.contains("acct"));
    }
}
