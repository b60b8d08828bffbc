//! Bridge mode over real HTTP on loopback: a TLS upstream with a CA made here (given through
//! `--upstream-ca`'s code path), and requests that must never reach it.

mod common;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;
use tokio_rustls::rustls;
use wham_server::bridge::access::Access;
use wham_server::bridge::credentials::Credentials;
use wham_server::bridge::upstream::{Timeouts, Upstream};
use wham_server::bridge::Bridge;
use wham_server::{app, seed, AppState, Config};

const SECRET: &str = "bridge-test-secret";
const TOKEN: &str = "upstream-token";

/// What the fake upstream saw: method, path and query, and the credential headers.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    authorization: Option<String>,
    account: Option<String>,
    cookie: Option<String>,
}

#[derive(Clone)]
struct Fake {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Released by the test to let the stream send its second event.
    second_event: Arc<Notify>,
    /// The port, for a redirect to the same server under another name.
    port: Arc<Mutex<u16>>,
}

impl Fake {
    fn saw(&self, fragment: &str) -> bool {
        self.seen.lock().unwrap().iter().any(|seen| seen.target.contains(fragment))
    }
    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

async fn record(State(fake): State<Fake>, request: Request<Body>) -> Response {
    let header = |name: &str| request.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_string);
    let target = request.uri().path_and_query().map(|value| value.to_string()).unwrap_or_default();
    fake.seen.lock().unwrap().push(Seen {
        target: target.clone(),
        authorization: header("authorization"),
        account: header("chatgpt-account-id"),
        cookie: header("cookie"),
    });
    let path = request.uri().path();
    if path.ends_with("/wham/machines") {
        // A redirect to the same server under another name: another origin.
        let port = *fake.port.lock().unwrap();
        return (StatusCode::FOUND, [(header::LOCATION, format!("https://localhost:{port}/steal"))]).into_response();
    }
    if path.ends_with("/wham/accounts/check") {
        return (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/backend-api/moved/accounts")]).into_response();
    }
    if path.ends_with("/wham/settings/user") {
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html")], "<html>challenge</html>")
            .into_response();
    }
    axum::Json(json!({ "seen": target })).into_response()
}

async fn stream(State(fake): State<Fake>, request: Request<Body>) -> Response {
    let _ = record(State(fake.clone()), request).await;
    let events = async_stream::stream! {
        yield Ok::<_, std::io::Error>(axum::body::Bytes::from("id: 1\ndata: {\"n\":\"one\"}\n\n"));
        fake.second_event.notified().await;
        yield Ok(axum::body::Bytes::from("id: 2\ndata: {\"n\":\"two\"}\n\n"));
    };
    ([(header::CONTENT_TYPE, "text/event-stream")], Body::from_stream(events)).into_response()
}

/// A TLS listener for axum: a handshake that fails is skipped, not fatal.
struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, address)) = self.tcp.accept().await else { continue };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                return (tls, address);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// A CA made now, written to a PEM file, and a certificate for localhost/127.0.0.1 it signed.
fn make_ca(dir: &std::path::Path) -> (PathBuf, rustls::ServerConfig) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "WHAM bridge test CA");
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_params = rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();
    let ca_path = dir.join("ca.pem");
    std::fs::write(&ca_path, ca.pem()).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], key)
        .unwrap();
    (ca_path, config)
}

/// The fake service over TLS; returns it and its base URL.
async fn start_tls_upstream(config: rustls::ServerConfig) -> (Fake, String) {
    let fake = Fake { seen: Default::default(), second_event: Arc::new(Notify::new()), port: Default::default() };
    let router = Router::new()
        .route("/backend-api/wham/tasks/{task}/turns/{turn}/stream", get(stream))
        .fallback(record)
        .with_state(fake.clone());
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    *fake.port.lock().unwrap() = port;
    let listener = TlsListener { tcp, acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)) };
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (fake, format!("https://127.0.0.1:{port}/backend-api"))
}

struct TestBridge {
    base: String,
    port: u16,
    client: reqwest::Client,
}

impl TestBridge {
    async fn start(upstream: Upstream, credentials: Credentials) -> TestBridge {
        let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = tcp.local_addr().unwrap().port();
        let bridge = Bridge::new(upstream, Access::with_secret(port, SECRET.into(), vec![]), credentials);
        let config = Config { speed: 1.0, bridge: Some(Arc::new(bridge)), ..Default::default() };
        let router = app(AppState::new(seed::seed(1), config));
        tokio::spawn(async move { axum::serve(tcp, router).await.unwrap() });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestBridge { base: format!("http://127.0.0.1:{port}"), port, client }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(format!("{}{path}", self.base))
    }

    /// A request as this app's page makes it: with the secret cookie.
    fn signed_in(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("Cookie", format!("wham_bridge_{}={SECRET}", self.port))
    }

    /// Sends bytes as they are (no client would send a `..` path), returns status and body.
    async fn raw(&self, request_line: &str) -> (u16, String) {
        let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        let text = format!(
            "{request_line}\r\nHost: 127.0.0.1:{}\r\nCookie: wham_bridge_{}={SECRET}\r\nConnection: close\r\n\r\n",
            self.port, self.port
        );
        socket.write_all(text.as_bytes()).await.unwrap();
        let mut answer = String::new();
        socket.read_to_string(&mut answer).await.unwrap();
        let status = answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
        (status, answer)
    }
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn tls_setup(credentials: Credentials) -> (Fake, TestBridge, PathBuf) {
    let dir = std::env::temp_dir().join(format!("wham-bridge-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ca_path, config) = make_ca(&dir);
    let (fake, base) = start_tls_upstream(config).await;
    let upstream = Upstream::new(&base, Some(&ca_path), Timeouts::default()).unwrap();
    let bridge = TestBridge::start(upstream, credentials).await;
    (fake, bridge, dir)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

#[tokio::test]
async fn forwards_over_tls_with_the_token_and_streams_event_by_event() {
    let (fake, bridge, dir) = tls_setup(Credentials::fixed(TOKEN, Some("acct-1"))).await;
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/tasks/list?limit=3").send().await.unwrap())
            .await;
    assert_eq!((status, body["seen"].as_str()), (200, Some("/backend-api/wham/tasks/list?limit=3")));
    let seen = fake.seen.lock().unwrap()[0].clone();
    assert_eq!(seen.authorization.as_deref(), Some("Bearer upstream-token"));
    assert_eq!(seen.account.as_deref(), Some("acct-1"));
    assert_eq!(seen.cookie, None, "the bridge's cookie stays with the bridge");

    // The stream's first event arrives while the upstream still holds the second.
    let mut response = bridge
        .signed_in(reqwest::Method::GET, "/backend-api/wham/tasks/t1/turns/t1~2/stream?item_type=log")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let mut received = String::new();
    while !received.contains("\"one\"") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("first event in time");
        received.push_str(&String::from_utf8_lossy(&chunk.unwrap().expect("stream open")));
    }
    assert!(!received.contains("\"two\""));
    fake.second_event.notify_one();
    while !received.contains("\"two\"") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("second event in time");
        let Some(chunk) = chunk.unwrap() else { break };
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(received.contains("id: 2"), "{received}");

    // A redirect within the service is followed with the credentials.
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/accounts/check").send().await.unwrap()).await;
    assert_eq!((status, body["seen"].as_str()), (200, Some("/backend-api/moved/accounts")));
    // A redirect to another host is not followed at all.
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/machines").send().await.unwrap()).await;
    assert_eq!(status, 502, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("localhost"), "{body}");
    assert!(!fake.saw("/steal"));
    // An HTML page where JSON was promised becomes a JSON error with the same status.
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/settings/user").send().await.unwrap()).await;
    assert_eq!(status, 403);
    assert!(body["detail"].as_str().unwrap().contains("text/html"), "{body}");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn refuses_requests_that_are_not_this_apps_and_never_forwards_them() {
    let (fake, bridge, dir) = tls_setup(Credentials::fixed(TOKEN, None)).await;
    let foreign = format!("rebind.example:{}", bridge.port);
    for method in [reqwest::Method::GET, reqwest::Method::POST] {
        let response = bridge
            .signed_in(method.clone(), "/backend-api/wham/tasks/list")
            .header("Host", &foreign)
            .header("Origin", format!("http://{foreign}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 403, "{method} with a foreign Host");
    }
    // Even the page itself is not served under a foreign name.
    let page = bridge.get("/").header("Host", &foreign).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 403);
    // Another site's page, with the cookie a browser would not even send.
    let cross = bridge
        .signed_in(reqwest::Method::POST, "/backend-api/wham/tasks")
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
    // Without the secret: a 403 that says how to get in.
    let (status, body) = json_of(bridge.get("/backend-api/wham/tasks/list").send().await.unwrap()).await;
    assert_eq!(status, 403);
    assert_eq!(body["type"], "bridge_login_required", "{body}");
    assert!(body["detail"].as_str().unwrap().contains("?token="), "{body}");
    // Outside the route table, with the wrong method, or with dot segments: 404 from the bridge.
    for (method, path) in [
        (reqwest::Method::GET, "/backend-api/v1/models"),
        (reqwest::Method::DELETE, "/backend-api/wham/tasks/list"),
        (reqwest::Method::GET, "/backend-api/wham/tasks/%2e%2e/list"),
    ] {
        let response = bridge.signed_in(method.clone(), path).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "{method} {path}");
    }
    for line in [
        "GET /backend-api/wham/tasks/../../v1/models HTTP/1.1",
        "GET /backend-api/../wham/tasks/list HTTP/1.1",
        "GET /backend-api/wham/tasks/a%2F..%2F..%2Fx/turns HTTP/1.1",
    ] {
        let (status, answer) = bridge.raw(line).await;
        assert!(status == 404 || status == 400, "{line}: {answer}");
    }
    assert_eq!(fake.count(), 0, "nothing reached the upstream: {:?}", fake.seen.lock().unwrap());

    // The sign-in URL sets an HttpOnly, SameSite=Strict cookie and leads to the app.
    let login = bridge.get(&format!("/?token={SECRET}")).send().await.unwrap();
    assert_eq!(login.status().as_u16(), 303);
    assert_eq!(login.headers()["location"], "/");
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with(&format!("wham_bridge_{}={SECRET}", bridge.port)), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert_eq!(bridge.get("/?token=wrong").send().await.unwrap().status().as_u16(), 403);
    // Scripts may send the secret in a header instead.
    let scripted =
        bridge.get("/backend-api/wham/tasks/list").header("X-Wham-Bridge-Token", SECRET).send().await.unwrap();
    assert_eq!(scripted.status().as_u16(), 200);
    // The app learns where it is.
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/_wham_server/status").send().await.unwrap()).await;
    assert_eq!((status, body["mode"].as_str(), body["upstream"].as_str()), (200, Some("bridge"), Some("127.0.0.1")));
    assert!(!body.to_string().contains(TOKEN));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_untrusted_certificate_and_a_stalled_upstream_end_in_clear_errors() {
    // Without --upstream-ca the test CA is not trusted: 502 naming the certificate problem.
    let dir = std::env::temp_dir().join(format!("wham-bridge-ca-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_, config) = make_ca(&dir);
    let (fake, base) = start_tls_upstream(config).await;
    let upstream = Upstream::new(&base, None, Timeouts::default()).unwrap();
    let bridge = TestBridge::start(upstream, Credentials::fixed(TOKEN, None)).await;
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/usage").send().await.unwrap()).await;
    assert_eq!(status, 502, "{body}");
    assert!(body["detail"].as_str().unwrap().to_lowercase().contains("certificate"), "{body}");
    assert_eq!(fake.count(), 0);

    // An upstream that accepts the connection and never answers: 504 within the timeout.
    let stalled = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stalled_port = stalled.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = stalled.accept().await {
            held.push(socket);
        }
    });
    let timeouts = Timeouts { answer: Duration::from_secs(1), ..Timeouts::default() };
    let upstream = Upstream::new(&format!("http://127.0.0.1:{stalled_port}/backend-api"), None, timeouts).unwrap();
    let bridge = TestBridge::start(upstream, Credentials::fixed(TOKEN, None)).await;
    let started = Instant::now();
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/usage").send().await.unwrap()).await;
    assert_eq!(status, 504, "{body}");
    assert!(started.elapsed() < Duration::from_secs(10));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_expired_login_is_a_401_that_says_what_to_do() {
    use base64::Engine;
    let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    let expired = format!("{}.{}.sig", encode("{}"), encode(r#"{"exp":1000}"#));
    let (fake, bridge, dir) = tls_setup(Credentials::fixed(&expired, None)).await;
    let (status, body) =
        json_of(bridge.signed_in(reqwest::Method::GET, "/backend-api/wham/tasks/list").send().await.unwrap()).await;
    assert_eq!(status, 401);
    assert!(body["detail"].as_str().unwrap().contains("codex login"), "{body}");
    assert_eq!(fake.count(), 0);
    std::fs::remove_dir_all(dir).ok();
}
