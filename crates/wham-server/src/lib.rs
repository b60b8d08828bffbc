//! `wham-server`: a stateful local WHAM.
//!
//! * [`state`] holds the data, [`seed`] fills it deterministically, [`persist`] saves it.
//! * [`api`] answers every endpoint of the reference from that state, under `/backend-api` and
//!   the legacy bare paths; [`agent`] runs simulated turns that stream over SSE.
//! * [`chaos`] injects failures for reliability tests, [`bridge`] forwards to the real service.
//! * [`static_site`] serves a built app with single-page fallback (`--static DIR`).

pub mod agent;
pub mod api;
pub mod bridge;
pub mod chaos;
pub mod content;
pub mod environment_edit;
pub mod error;
pub mod operations;
pub mod persist;
pub mod rng;
pub mod secrets;
pub mod security_headers;
pub mod seed;
pub mod state;
pub mod static_site;
pub mod turns;

use axum::Router;
use state::Store;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::watch;

/// How the server was started.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Serve a built app from this folder, with single-page fallback.
    pub static_dir: Option<PathBuf>,
    /// Require `Authorization: Bearer TOKEN` and `ChatGPT-Account-Id` on API requests.
    pub require_auth: Option<String>,
    /// Simulated time runs this many times faster than real time.
    pub speed: f64,
    /// Answer cross-origin requests (for the wasm tests, whose page has its own origin).
    /// Off by default; never combined with credentials in bridge mode.
    pub allow_cors: bool,
    /// Persist the whole state to this file after every change.
    pub state_file: Option<PathBuf>,
    /// Fraction of API requests that fail (500, 429, slow answers, cut streams).
    pub chaos: f64,
    /// Bridge mode: forward `/backend-api/…` to the real service instead of answering locally.
    pub bridge: Option<Arc<bridge::Bridge>>,
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<RwLock<Store>>,
    pub config: Arc<Config>,
    /// Bumped after every change; streams and the persister wait on it.
    pub version: Arc<watch::Sender<u64>>,
    /// What `--state FILE` holds: the last version written, or why the last save failed.
    pub persisted: Arc<watch::Sender<persist::Saved>>,
    pub chaos_rng: Arc<Mutex<rng::Rng>>,
    /// Open turn streams, for tests and the log (a stream that closes decrements it).
    pub open_streams: Arc<std::sync::atomic::AtomicUsize>,
    /// The Content-Security-Policy for the served app (`--static`), with its loader's hash.
    pub csp: Option<Arc<str>>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        let seed = (config.chaos * 1e6) as u64 ^ 0xC4A0;
        let csp = config.static_dir.as_deref().map(|dir| Arc::from(security_headers::policy_for_dir(dir)));
        AppState {
            store: Arc::new(RwLock::new(store)),
            config: Arc::new(config),
            version: Arc::new(watch::channel(0).0),
            persisted: Arc::new(watch::channel(persist::Saved::default()).0),
            chaos_rng: Arc::new(Mutex::new(rng::Rng::new(seed))),
            open_streams: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            csp,
        }
    }

    /// Reads the store. A poisoned lock (a handler panicked) still yields the data.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Changes the store and announces the change (streams wake, the persister saves).
    pub fn mutate<R>(&self, change: impl FnOnce(&mut Store) -> R) -> R {
        let result = {
            let mut store = self.store.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            change(&mut store)
        };
        self.version.send_modify(|version| *version += 1);
        result
    }

    /// Waits until every change so far is on disk (immediately without `--state`). A save that
    /// failed is a 500 with its reason: the change is made but not kept.
    pub async fn persisted(&self) -> Result<(), error::AppError> {
        if self.config.state_file.is_none() {
            return Ok(());
        }
        let target = *self.version.borrow();
        let mut receiver = self.persisted.subscribe();
        let saved = receiver.wait_for(|saved| saved.settles(target)).await.map(|saved| saved.clone());
        match saved {
            Ok(saved) if saved.written >= target => Ok(()),
            Ok(saved) => Err(error::AppError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                format!(
                    "the change was made but could not be saved: {}",
                    saved.failure.map(|(_, why)| why).unwrap_or_default()
                ),
            )),
            Err(_) => {
                Err(error::AppError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "the state is no longer saved"))
            }
        }
    }
}

/// The whole application: API under `/backend-api` and at the legacy bare paths (or the bridge
/// to the real service), then the static site (when configured) for everything else.
pub fn app(state: AppState) -> Router {
    let allow_cors = state.config.allow_cors && state.config.bridge.is_none();
    let router = if state.config.bridge.is_some() {
        bridge::router()
            .fallback(static_site::fallback)
            .with_state(state.clone())
            .layer(axum::middleware::from_fn_with_state(state.clone(), bridge::guard))
    } else {
        let api = api::router(state.clone());
        Router::new()
            .nest("/backend-api", api.clone())
            .merge(api)
            .fallback(static_site::fallback)
            .with_state(state.clone())
    };
    let router = router
        .layer(axum::middleware::from_fn_with_state(state.clone(), chaos::middleware))
        .layer(axum::middleware::from_fn_with_state(state, security_headers::middleware));
    let router = if allow_cors { router.layer(tower_http::cors::CorsLayer::permissive()) } else { router };
    router.layer(catch_panics())
}

/// A handler that panics answers 500 instead of taking the process (and every open stream)
/// down with it. No handler should panic on input; this is the net under that rule.
pub fn catch_panics(
) -> tower_http::catch_panic::CatchPanicLayer<fn(Box<dyn std::any::Any + Send>) -> axum::response::Response> {
    fn answer(panic: Box<dyn std::any::Any + Send>) -> axum::response::Response {
        let what = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        tracing::error!("a request handler panicked: {what}");
        use axum::response::IntoResponse;
        error::AppError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "the server hit a bug answering this request",
        )
        .into_response()
    }
    tower_http::catch_panic::CatchPanicLayer::custom(answer as fn(_) -> _)
}

/// Unix seconds now.
pub fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or(0.0)
}
