//! `wham-server`: a stateful local WHAM.
//!
//! * [`state`] holds the data, [`seed`] fills it deterministically, [`persist`] saves it.
//! * [`api`] answers every endpoint of the reference from that state, under `/backend-api` and
//!   the legacy bare paths.
//! * [`static_site`] serves a built app with single-page fallback (`--static DIR`).

pub mod api;
pub mod content;
pub mod error;
pub mod rng;
pub mod seed;
pub mod state;
pub mod static_site;
pub mod turns;

use axum::Router;
use state::Store;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

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
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<RwLock<Store>>,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        AppState {
            store: Arc::new(RwLock::new(store)),
            config: Arc::new(config),
        }
    }

    /// Reads the store. A poisoned lock (a handler panicked) still yields the data.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn write(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The whole application: API under `/backend-api` and at the legacy bare paths, then the
/// static site (when configured) for everything else.
pub fn app(state: AppState) -> Router {
    let api = api::router(state.clone());
    let allow_cors = state.config.allow_cors;
    let router = Router::new()
        .nest("/backend-api", api.clone())
        .merge(api)
        .fallback(static_site::fallback)
        .with_state(state);
    if allow_cors {
        router.layer(tower_http::cors::CorsLayer::permissive())
    } else {
        router
    }
}

/// Unix seconds now.
pub fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or(0.0)
}
