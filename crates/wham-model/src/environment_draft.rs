//! An environment as the person edits it: the form's state, what is wrong with it (checked at
//! the field before anything is sent, by the same rules the server applies), and the request it
//! makes: every field for a new environment, only the changed ones for an edit.
//!
//! Secret values live in [`EnvironmentDraft::secret_values`], which serde skips: the draft is
//! saved in the browser so a reload loses nothing, and a secret must never be stored there.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use wham_api::environment_rules::{is_domain, is_variable_name, is_workspace_dir, NETWORK_PRESETS};
use wham_api::models::{AgentNetworkAccess, AutoSetupSettings, CacheSettings, Environment, EnvironmentInput, RepoRef};
use wham_api::tolerant::Script;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnvironmentDraft {
    pub label: String,
    pub description: String,
    pub workspace_dir: String,
    /// Repository keys (`github-<id>`), the first the one tasks start in.
    pub repos: Vec<String>,
    pub setup: String,
    pub maintenance_setup: String,
    /// Variables as rows, in the order the person wrote them (a row may be half typed).
    pub variables: Vec<(String, String)>,
    pub network_on: bool,
    pub preset_allowlist: String,
    /// Extra domains, comma or space separated.
    pub domains: String,
    /// Only GET, HEAD and OPTIONS requests.
    pub safe_methods_only: bool,
    pub auto_setup: bool,
    pub cache_enabled: bool,
    pub pinned: bool,
    /// Names of the secrets already saved (their values are never shown).
    pub saved_secrets: Vec<String>,
    /// Saved secrets to remove on save.
    pub removed_secrets: Vec<String>,
    /// New or replaced secrets: name and value. Never saved in the browser.
    #[serde(skip)]
    pub secret_values: Vec<(String, String)>,
}

/// A problem with the draft: the field (as the server names it) and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> Problem {
    Problem { field, message: message.into() }
}

impl EnvironmentDraft {
    /// A new environment's starting point: internet off, caching on.
    pub fn new_environment() -> Self {
        EnvironmentDraft {
            preset_allowlist: "common_dependencies".into(),
            cache_enabled: true,
            auto_setup: true,
            ..Default::default()
        }
    }

    /// The form for a saved environment.
    pub fn of(environment: &Environment) -> Self {
        let access = environment.agent_network_access.clone().unwrap_or_default();
        let domains = access
            .allowlist_domains
            .as_ref()
            .and_then(wham_api::environment_rules::domains)
            .unwrap_or_default()
            .join(", ");
        EnvironmentDraft {
            label: environment.label.clone().unwrap_or_default(),
            description: environment.description.clone().unwrap_or_default(),
            workspace_dir: environment.workspace_dir.clone().unwrap_or_default(),
            repos: environment
                .repos
                .iter()
                .map(|repo| match repo {
                    RepoRef::Key(key) => key.clone(),
                    RepoRef::Repository(repository) => repository_key(&repository.id),
                })
                .collect(),
            setup: environment.setup.as_ref().map(Script::text).unwrap_or_default(),
            maintenance_setup: environment.maintenance_setup.as_ref().map(Script::text).unwrap_or_default(),
            variables: environment.env_vars.iter().map(|(name, value)| (name.clone(), value.clone())).collect(),
            network_on: access.mode.as_deref() == Some("on"),
            preset_allowlist: access.preset_allowlist.clone().unwrap_or_else(|| "all".into()),
            domains,
            safe_methods_only: access.safe_methods_only.unwrap_or(false),
            auto_setup: environment.auto_setup_settings.as_ref().and_then(|s| s.use_auto_setup).unwrap_or(false),
            cache_enabled: environment
                .cache_settings
                .as_ref()
                .and_then(|s| s.post_setup_cache_enabled)
                .unwrap_or(false),
            pinned: environment.is_pinned.unwrap_or(false),
            saved_secrets: environment.secrets.keys().cloned().collect(),
            removed_secrets: Vec::new(),
            secret_values: Vec::new(),
        }
    }

    /// What is wrong, field by field, before anything is sent.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.label.trim().is_empty() {
            problems.push(problem("label", "Give the environment a name."));
        } else if self.label.trim().chars().count() > 100 {
            problems.push(problem("label", "The name can be at most 100 characters."));
        }
        if !is_workspace_dir(self.workspace_dir.trim()) {
            problems.push(problem("workspace_dir", "Use an absolute path, like /workspace/app, without \"..\"."));
        }
        if self.repos.is_empty() {
            problems.push(problem("repos", "Choose at least one repository."));
        }
        if let Some((name, _)) = self.variables.iter().find(|(name, _)| !is_variable_name(name.trim())) {
            problems.push(problem(
                "env_vars",
                format!("\"{name}\" is not a valid name: use letters, digits and _, not starting with a digit."),
            ));
        } else if let Some(name) = duplicate(self.variables.iter().map(|(name, _)| name.trim())) {
            problems.push(problem("env_vars", format!("{name} is set twice.")));
        }
        if let Some((name, _)) = self.secret_values.iter().find(|(name, _)| !is_variable_name(name.trim())) {
            problems
                .push(problem("secrets", format!("\"{name}\" is not a valid secret name: use letters, digits and _.")));
        } else if let Some((name, _)) = self.secret_values.iter().find(|(_, value)| value.is_empty()) {
            problems.push(problem("secrets", format!("Type a value for {name}, or remove the row.")));
        }
        if self.network_on {
            if let Some(bad) = self.domain_list().into_iter().find(|domain| !is_domain(domain)) {
                problems.push(problem(
                    "agent_network_access.allowlist_domains",
                    format!("\"{bad}\" is not a domain, like example.com."),
                ));
            }
            if !NETWORK_PRESETS.contains(&self.preset_allowlist.as_str()) {
                problems.push(problem("agent_network_access.preset_allowlist", "Choose one of the lists."));
            }
        }
        problems
    }

    fn domain_list(&self) -> Vec<String> {
        wham_api::environment_rules::domains(&Value::String(self.domains.clone())).unwrap_or_default()
    }

    fn network(&self) -> AgentNetworkAccess {
        AgentNetworkAccess {
            mode: Some(if self.network_on { "on" } else { "off" }.into()),
            preset_allowlist: Some(self.preset_allowlist.clone()),
            allowlist_domains: Some(Value::String(self.domain_list().join(","))),
            safe_methods_only: Some(self.safe_methods_only),
            extra: Default::default(),
        }
    }

    fn env_vars(&self) -> BTreeMap<String, String> {
        self.variables.iter().map(|(name, value)| (name.trim().to_string(), value.clone())).collect()
    }

    /// The secrets part of a request: new and replaced values, and removals.
    fn secrets(&self) -> Option<BTreeMap<String, Option<String>>> {
        let mut secrets: BTreeMap<String, Option<String>> =
            self.removed_secrets.iter().map(|name| (name.clone(), None)).collect();
        for (name, value) in &self.secret_values {
            secrets.insert(name.trim().to_string(), Some(value.clone()));
        }
        (!secrets.is_empty()).then_some(secrets)
    }

    /// Everything, for `POST /wham/environments`.
    pub fn create_request(&self) -> EnvironmentInput {
        EnvironmentInput {
            label: Some(self.label.trim().to_string()),
            description: Some(self.description.clone()),
            workspace_dir: Some(self.workspace_dir.trim().to_string()),
            repos: Some(self.repos.clone()),
            setup: Some(Script::Text(self.setup.clone())),
            maintenance_setup: Some(Script::Text(self.maintenance_setup.clone())),
            env_vars: Some(self.env_vars()),
            secrets: self.secrets(),
            agent_network_access: Some(self.network()),
            auto_setup_settings: Some(AutoSetupSettings {
                use_auto_setup: Some(self.auto_setup),
                extra: Default::default(),
            }),
            cache_settings: Some(CacheSettings {
                post_setup_cache_enabled: Some(self.cache_enabled),
                ..Default::default()
            }),
            is_pinned: Some(self.pinned),
            extra: Default::default(),
        }
    }

    /// Only what differs from `saved`, for `PATCH /wham/environments/{id}`.
    pub fn update_request(&self, saved: &EnvironmentDraft) -> EnvironmentInput {
        let changed = |mine: String, theirs: String| (mine != theirs).then_some(mine);
        EnvironmentInput {
            label: changed(self.label.trim().to_string(), saved.label.trim().to_string()),
            description: changed(self.description.clone(), saved.description.clone()),
            workspace_dir: changed(self.workspace_dir.trim().to_string(), saved.workspace_dir.trim().to_string()),
            repos: (self.repos != saved.repos).then(|| self.repos.clone()),
            setup: (self.setup != saved.setup).then(|| Script::Text(self.setup.clone())),
            maintenance_setup: (self.maintenance_setup != saved.maintenance_setup)
                .then(|| Script::Text(self.maintenance_setup.clone())),
            env_vars: (self.env_vars() != saved.env_vars()).then(|| self.env_vars()),
            secrets: self.secrets(),
            agent_network_access: (self.network() != saved.network()).then(|| self.network()),
            auto_setup_settings: (self.auto_setup != saved.auto_setup)
                .then(|| AutoSetupSettings { use_auto_setup: Some(self.auto_setup), extra: Default::default() }),
            cache_settings: (self.cache_enabled != saved.cache_enabled)
                .then(|| CacheSettings { post_setup_cache_enabled: Some(self.cache_enabled), ..Default::default() }),
            is_pinned: (self.pinned != saved.pinned).then_some(self.pinned),
            extra: Default::default(),
        }
    }

    /// Whether there is anything not yet saved (compared with `saved`).
    pub fn is_dirty(&self, saved: &EnvironmentDraft) -> bool {
        !self.update_request(saved).is_empty()
    }
}

/// The key an environment uses for a repository id (`123` or `github-123`).
pub fn repository_key(id: &str) -> String {
    if id.starts_with("github-") {
        id.to_string()
    } else {
        format!("github-{id}")
    }
}

fn duplicate<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::BTreeSet::new();
    names.into_iter().find(|name| !seen.insert(*name))
}
