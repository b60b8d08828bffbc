//! Environments: the machines' recipes (setup scripts, network policy, caches, repositories,
//! environment variables and secrets).

use crate::tolerant::{list_bare_or_under, null_default, Extra, Script, Timestamp};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// An environment, as listed, in detail, and as the snapshot inside every turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Environment {
    pub id: String,
    pub machine_id: Option<String>,
    pub label: Option<String>,
    pub name: Option<String>,
    pub is_pinned: Option<bool>,
    pub description: Option<String>,
    pub workspace_dir: Option<String>,
    pub agent_network_access: Option<AgentNetworkAccess>,
    #[serde(deserialize_with = "null_default")]
    pub repos: Vec<RepoRef>,
    pub setup: Option<Script>,
    pub maintenance_setup: Option<Script>,
    #[serde(deserialize_with = "null_default")]
    pub repo_map: BTreeMap<String, Repository>,
    #[serde(deserialize_with = "null_default")]
    pub env_vars: BTreeMap<String, String>,
    /// Secret values. The real service sends them in plain text; never log or show them.
    #[serde(deserialize_with = "null_default")]
    pub secrets: BTreeMap<String, Value>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub task_count: Option<u64>,
    pub creator_id: Option<String>,
    pub share_settings: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub share_targets: Vec<Value>,
    pub created_at: Option<Timestamp>,
    pub auto_setup_settings: Option<AutoSetupSettings>,
    pub cache_settings: Option<CacheSettings>,
    pub creator: Option<Creator>,
    pub machine: Option<Value>,
    pub repository_full_name: Option<String>,
    pub default_branch: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Environment {
    /// The name to show: label, else name, else the first repository, else the id.
    pub fn display_name(&self) -> String {
        name_to_show(
            &self.id,
            self.label.as_deref(),
            self.name.as_deref(),
            self.primary_repository().and_then(|repo| repo.repository_full_name.as_deref()),
        )
    }

    /// The repository tasks run in: the first of `repos`, looked up in `repo_map` (NOTES.md).
    pub fn primary_repository(&self) -> Option<&Repository> {
        self.repos
            .first()
            .and_then(|repo| match repo {
                RepoRef::Key(key) => self.repo_map.get(key),
                RepoRef::Repository(repository) => Some(repository),
            })
            .or_else(|| self.repo_map.values().next())
    }
}

/// The body of `POST /wham/environments` and `PATCH /wham/environments/{id}`: the fields to
/// set. A field left out (`None`) is not changed by a PATCH. Secrets are write-only: a name
/// with a value sets it, a name with `null` removes it, a name left out keeps its saved value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnvironmentInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_dir: Option<String>,
    /// Repository keys (`github-<id>`), the first the one tasks start in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repos: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup: Option<Script>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintenance_setup: Option<Script>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env_vars: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<BTreeMap<String, Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_network_access: Option<AgentNetworkAccess>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_setup_settings: Option<AutoSetupSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_settings: Option<CacheSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_pinned: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl EnvironmentInput {
    /// Whether the input changes nothing.
    pub fn is_empty(&self) -> bool {
        self == &EnvironmentInput::default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentNetworkAccess {
    pub mode: Option<String>,
    pub preset_allowlist: Option<String>,
    pub allowlist_domains: Option<Value>,
    pub safe_methods_only: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoSetupSettings {
    pub use_auto_setup: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheSettings {
    pub post_setup_cache_enabled: Option<bool>,
    pub cache_invalidation_key: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Creator {
    pub id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A GitHub repository as environments, code review settings and the repository endpoint show it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Repository {
    #[serde(deserialize_with = "id_as_string")]
    pub id: String,
    pub name: Option<String>,
    pub repository_full_name: Option<String>,
    pub full_name: Option<String>,
    pub clone_url: Option<String>,
    pub default_branch: Option<String>,
    pub language: Option<String>,
    pub visibility: Option<String>,
    pub permissions: Option<BTreeMap<String, bool>>,
    pub owner: Option<Value>,
    pub allow_merge_commit: Option<bool>,
    pub allow_rebase_merge: Option<bool>,
    pub allow_squash_merge: Option<bool>,
    pub allow_auto_merge: Option<bool>,
    pub allow_update_branch: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Repository {
    /// The permissions granted, by name, comma separated ("admin, pull, push").
    pub fn granted_permissions(&self) -> String {
        self.permissions
            .as_ref()
            .map(|granted| {
                granted.iter().filter(|(_, on)| **on).map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ")
            })
            .unwrap_or_default()
    }

    /// `owner/name`, from whichever field has it.
    pub fn full_name(&self) -> Option<&str> {
        self.repository_full_name.as_deref().or(self.full_name.as_deref())
    }
}

/// Repository ids come as strings in some captures and numbers in others.
pub fn id_as_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// The name an environment is shown by: label, else name, else its first repository, else its id.
fn name_to_show(id: &str, label: Option<&str>, name: Option<&str>, repository: Option<&str>) -> String {
    label
        .filter(|label| !label.is_empty())
        .or(name.filter(|name| !name.is_empty()))
        .or(repository)
        .unwrap_or(id)
        .to_string()
}

/// An environment read for a picker alone: its id and what it is called. The task list's
/// environment filter and prompt box read lists of these, since reading [`Environment`] would
/// bring every field's decoder (scripts, settings, machine, creator; twice, through the list's
/// untagged wrapper) into the first load for a name. Unknown fields are skipped.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct EnvironmentName {
    pub id: String,
    pub label: Option<String>,
    pub name: Option<String>,
    /// `repo_map` keys or repositories, as on [`Environment::repos`].
    #[serde(deserialize_with = "null_default")]
    pub repos: Vec<Value>,
    #[serde(deserialize_with = "null_default")]
    pub repo_map: BTreeMap<String, RepositoryName>,
}

/// The names a repository goes by, from [`Repository`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RepositoryName {
    pub repository_full_name: Option<String>,
}

impl EnvironmentName {
    /// The name to show, by the rules of [`Environment::display_name`].
    pub fn display_name(&self) -> String {
        let primary = match self.repos.first() {
            Some(Value::String(key)) => self.repo_map.get(key).and_then(|repo| repo.repository_full_name.clone()),
            Some(Value::Object(repository)) => {
                repository.get("repository_full_name").and_then(Value::as_str).map(str::to_string)
            }
            _ => None,
        }
        .or_else(|| self.repo_map.values().next().and_then(|repo| repo.repository_full_name.clone()));
        name_to_show(&self.id, self.label.as_deref(), self.name.as_deref(), primary.as_deref())
    }
}

/// Environment lists come as a bare array or as `{environments: […]}` (NOTES.md), of whole
/// [`Environment`]s or, read for a picker, of [`EnvironmentName`]s.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct EnvironmentList<T = Environment>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for EnvironmentList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        list_bare_or_under(deserializer, &["environments", "items"]).map(EnvironmentList)
    }
}

/// `GET /codex/environments/{environment_id}/repos`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RepositoryList(pub Vec<Repository>);

impl<'de> Deserialize<'de> for RepositoryList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        list_bare_or_under(deserializer, &["repositories", "repos", "items"]).map(RepositoryList)
    }
}

/// An environment detail answer: the environment itself, or (in some captures) wrapped as
/// `{environment, creator?, machine?, error?}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct EnvironmentDetail(pub Environment);

impl<'de> Deserialize<'de> for EnvironmentDetail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let wrapped = value.get("environment").filter(|inner| inner.is_object()).cloned();
        let mut environment: Environment = match wrapped {
            Some(inner) => serde_json::from_value(inner).map_err(serde::de::Error::custom)?,
            None => serde_json::from_value(value.clone()).map_err(serde::de::Error::custom)?,
        };
        if environment.creator.is_none() {
            if let Some(creator) = value.get("creator").filter(|creator| creator.is_object()) {
                environment.creator = serde_json::from_value(creator.clone()).ok();
            }
        }
        if environment.machine.is_none() {
            environment.machine = value.get("machine").filter(|machine| !machine.is_null()).cloned();
        }
        Ok(EnvironmentDetail(environment))
    }
}

/// An entry of `repos`: a `repo_map` key (`github-<id>`) in stored environments, or a repository
/// object in environment test requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RepoRef {
    Key(String),
    Repository(Box<Repository>),
}

impl RepoRef {
    /// The `repo_map` key, or the repository's full name.
    pub fn key(&self) -> String {
        match self {
            RepoRef::Key(key) => key.clone(),
            RepoRef::Repository(repository) => {
                repository.full_name().map(str::to_string).unwrap_or_else(|| repository.id.clone())
            }
        }
    }
}
