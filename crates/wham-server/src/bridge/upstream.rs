//! The road to the real service: its base URL and one HTTP client for every request.
//!
//! The client speaks HTTPS with rustls, trusting the platform's roots and webpki's, plus an extra
//! CA given with `--upstream-ca` (a company proxy, or the tests' own CA). It keeps connections
//! alive and uses HTTP/2 where the service offers it. It follows a redirect only within the
//! upstream's own origin, so the credentials never travel to another host.

use reqwest::redirect;
use reqwest::Url;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

/// How long to wait for a connection, and for the answer's headers. A body (a stream) may then
/// stay quiet for [`IDLE_READ`] between chunks.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub answer: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_secs(10), answer: Duration::from_secs(60) }
    }
}

/// A stream that says nothing for this long is closed; the app resumes it after the last event.
pub const IDLE_READ: Duration = Duration::from_secs(300);

#[derive(Debug, Clone)]
pub struct Upstream {
    /// The API base, such as `https://chatgpt.com/backend-api`, without a trailing slash.
    pub base: Url,
    pub client: reqwest::Client,
    pub timeouts: Timeouts,
}

impl Upstream {
    /// Checks the base URL and builds the client. `https://` is required unless the host is a
    /// loopback address (a local service or a test).
    pub fn new(base: &str, extra_ca: Option<&Path>, timeouts: Timeouts) -> Result<Upstream, String> {
        let base = parse_base(base)?;
        let origin = base.origin();
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 {
                attempt.error("more than 5 redirects")
            } else if attempt.url().origin() != origin {
                // Stopped here, the 3xx becomes the bridge's own 502 (see forward.rs).
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(base.scheme() == "https")
            .redirect(policy)
            .connect_timeout(timeouts.connect)
            .read_timeout(IDLE_READ)
            .pool_idle_timeout(Duration::from_secs(90))
            .user_agent(concat!("wham-server-bridge/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = extra_ca {
            let pem = std::fs::read(path).map_err(|error| format!("--upstream-ca {}: {error}", path.display()))?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|error| format!("--upstream-ca {}: {error}", path.display()))?;
            if certificates.is_empty() {
                return Err(format!("--upstream-ca {}: no PEM certificate in it", path.display()));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let client = builder.build().map_err(|error| format!("cannot build the HTTPS client: {error}"))?;
        Ok(Upstream { base, client, timeouts })
    }

    /// The host people know the service by, for the app's Connection panel.
    pub fn host(&self) -> String {
        self.base.host_str().unwrap_or("").to_string()
    }

    /// The upstream URL for an API path (already checked against the route table) and query.
    pub fn url(&self, path: &str, query: Option<&str>) -> Option<Url> {
        let mut text = format!("{}{}", self.base.as_str().trim_end_matches('/'), path);
        if let Some(query) = query {
            text.push('?');
            text.push_str(query);
        }
        let url = Url::parse(&text).ok()?;
        // The path was checked already; this makes sure no parser reads it as another place.
        let base_path = self.base.path().trim_end_matches('/');
        let under_base = url.path().strip_prefix(base_path).is_some_and(|rest| rest.starts_with('/'));
        (url.origin() == self.base.origin() && under_base).then_some(url)
    }
}

fn parse_base(base: &str) -> Result<Url, String> {
    let url = Url::parse(base.trim().trim_end_matches('/'))
        .map_err(|error| format!("--upstream must be a URL such as https://chatgpt.com/backend-api ({error})"))?;
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() || url.fragment().is_some() {
        return Err("--upstream takes a plain base URL, without user, query or fragment".into());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(format!(
            "--upstream {url} would send your token in clear text: use https:// (plain http only to a loopback address)"
        )),
        other => Err(format!("--upstream must be https://, not {other}://")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_https_but_for_loopback() {
        assert!(parse_base("https://chatgpt.com/backend-api/").is_ok());
        assert!(parse_base("http://127.0.0.1:9000/backend-api").is_ok());
        assert!(parse_base("http://[::1]:9000/backend-api").is_ok());
        assert!(parse_base("http://localhost:9000/backend-api").is_ok());
        for bad in ["http://chatgpt.com/backend-api", "http://10.0.0.1/x", "ftp://x/y", "https://u:p@x/y", "nope"] {
            assert!(parse_base(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn builds_urls_under_the_base_only() {
        let upstream = Upstream::new("https://chatgpt.com/backend-api", None, Timeouts::default()).unwrap();
        assert_eq!(
            upstream.url("/wham/tasks/list", Some("limit=3")).unwrap().as_str(),
            "https://chatgpt.com/backend-api/wham/tasks/list?limit=3"
        );
        assert_eq!(upstream.url("/../x", None), None);
        assert_eq!(upstream.url("@evil.example/x", None), None);
    }
}
