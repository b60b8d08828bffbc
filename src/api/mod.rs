//! Talking to the WHAM API.
//!
//! * [`client`]: sends a `wham_api::routes::Request` with the connection's credentials and
//!   turns every failure into an [`ApiError`] a page can show.
//! * [`connection`]: where the API is and how to authenticate, kept in browser storage.
//! * [`early`]: the answers `index.html` asked for while the app downloaded, for its first
//!   requests.
//! * [`ids`]: ids as types, so a task id cannot stand where a turn id belongs.
//! * [`tasks`], [`environments`], [`account`]: one typed function per endpoint the app calls.
//!   Pages call these, never a route directly: the path, its parameters and the answer's type
//!   are written once, here.

pub mod account;
pub mod client;
pub mod connection;
pub mod early;
pub mod environments;
pub mod ids;
pub mod tasks;

pub use client::{
    credential_headers, may_send_credentials, send, send_ignoring_answer, send_text, use_api, ApiContext, ApiError,
    BRIDGE_LOGIN_REQUIRED,
};
pub use ids::{EnvironmentId, PrId, RepoId, TaskId, TurnId};
