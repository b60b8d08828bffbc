//! Serde models for every request and response of the WHAM API.
//!
//! Conventions, so that the real service's variety never breaks a decode:
//! * every struct is `#[serde(default)]`: a missing field takes its default;
//! * lists and maps also accept `null` ([`crate::tolerant::null_default`]);
//! * enums are [`crate::open_enum!`]s that keep unknown values;
//! * every struct keeps unknown fields in `extra`, so a decode then encode loses nothing.

pub mod environments;
pub mod github;
pub mod quotas;
pub mod requests;
pub mod settings;
pub mod task_rows;
pub mod tasks;
pub mod thread_events;
pub mod turns;

pub use environments::*;
pub use github::*;
pub use quotas::*;
pub use requests::*;
pub use settings::*;
pub use task_rows::*;
pub use tasks::*;
pub use thread_events::*;
pub use turns::*;

/// `{"success": true}`, the answer of several actions (some answer `null` instead: decode as
/// `Option<Success>`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Success {
    pub success: bool,
    #[serde(flatten)]
    pub extra: crate::tolerant::Extra,
}
