//! The WHAM API as types.
//!
//! * [`models`]: serde models for every request and response, tolerant of what the real service
//!   may change (missing fields default, unknown enum values are kept as `Unknown(String)`,
//!   unknown object fields are kept in `extra` so nothing is lost on a round trip).
//! * [`routes`]: the one table mapping each endpoint to its method and path template, used by the
//!   app to build requests and by `wham-server` to register its routes.
//! * [`sse`]: incremental `text/event-stream` framing and the typed turn-stream items.
//! * [`error`]: the error bodies the service sends, in all their shapes.
//!
//! Nothing here panics on input: every decoder returns a `Result`.

pub mod diff;
pub mod environment_rules;
pub mod error;
pub mod git_apply;
pub mod invisible;
pub mod json_skip;
pub mod links;
pub mod models;
pub mod routes;
pub mod sse;
pub mod tolerant;

pub use error::ApiErrorBody;
