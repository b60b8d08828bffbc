//! A real wham-server on a free loopback port, and a small HTTP client for it.

#![allow(dead_code)]

use serde_json::Value;
use wham_server::{app, seed, AppState, Config};

pub struct TestServer {
    pub base: String,
    pub state: AppState,
    pub client: reqwest::Client,
}

impl TestServer {
    pub async fn start(config: Config) -> Self {
        Self::start_seeded(1, config).await
    }

    pub async fn start_seeded(seed_value: u64, config: Config) -> Self {
        let config = Config { speed: if config.speed == 0.0 { 1.0 } else { config.speed }, ..config };
        Self::start_with_state(AppState::new(seed::seed(seed_value), config)).await
    }

    pub async fn start_with_state(state: AppState) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
        let address = listener.local_addr().expect("local address");
        let router = app(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, router).await.expect("server runs");
        });
        TestServer { base: format!("http://{address}"), state, client: reqwest::Client::new() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET a path, returning status and JSON body (Null for an empty body).
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self.client.get(self.url(path)).send().await.expect("request sent");
        decode(response).await
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        decode(request.send().await.expect("request sent")).await
    }
}

async fn decode(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    let value =
        if text.trim().is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    (status, value)
}
