//! GitHub: installations, repositories, branches, the saved handle.

use crate::models::environments::Repository;
use crate::tolerant::{null_default, Extra};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Installation {
    #[serde(deserialize_with = "crate::models::environments::id_as_string")]
    pub id: String,
    pub account_login: Option<String>,
    #[serde(deserialize_with = "crate::tolerant::lenient_i64")]
    pub account_id: Option<i64>,
    pub account_type: Option<String>,
    pub account_avatar_url: Option<String>,
    pub html_url: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub events: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/github/installations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstallationsResponse {
    #[serde(deserialize_with = "null_default")]
    pub installations: Vec<Installation>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/github/installations/v2`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstallationsV2Response {
    #[serde(deserialize_with = "null_default")]
    pub memberships: Vec<Installation>,
    #[serde(deserialize_with = "null_default")]
    pub other: Vec<Installation>,
    pub likely_on_old_access_token: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/github/installations/events` and `/events/v2`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstallationEventsResponse {
    #[serde(deserialize_with = "null_default")]
    pub installations_without_events: Vec<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/github/repositories/v2/{installation_id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepositoriesResponse {
    #[serde(deserialize_with = "null_default")]
    pub repositories: Vec<Repository>,
    pub cursor: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/github/branches/{repo_id}/search`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BranchSearchResponse {
    #[serde(deserialize_with = "null_default")]
    pub items: Vec<Branch>,
    pub cursor: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Branch {
    pub branch: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/task_suggestions/github/user_handle`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GithubUserHandle {
    pub github_handle: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
