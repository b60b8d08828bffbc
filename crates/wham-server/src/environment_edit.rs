//! Creating and changing environments (`POST /wham/environments`, `PATCH …/{id}`): every field
//! checked, a refusal naming the field at fault (422), and secrets write-only (a saved value is
//! never sent back; `null` removes one, a name left out keeps it).

use crate::error::{AppError, AppResult};
use crate::state::Store;
use serde_json::Value;
use wham_api::environment_rules::{domains, is_domain, is_variable_name, is_workspace_dir, NETWORK_PRESETS};
use wham_api::models::{AgentNetworkAccess, Environment, EnvironmentInput, RepoRef};
use wham_api::tolerant::Script;

const MAX_LABEL: usize = 100;
const MAX_DESCRIPTION: usize = 2_000;
const MAX_PATH: usize = 255;
const MAX_SCRIPT: usize = 64 * 1024;
const MAX_VARIABLES: usize = 100;
const MAX_VALUE: usize = 8 * 1024;
const MAX_DOMAINS: usize = 200;
/// At most this many environments (every one is kept in memory and in the state file).
pub const MAX_ENVIRONMENTS: usize = 1_000;

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

fn check_text(field: &str, text: &str, max: usize) -> AppResult<()> {
    if text.chars().count() > max {
        return Err(AppError::invalid(field, format!("{field} must be at most {max} characters")));
    }
    if has_control(text) {
        return Err(AppError::invalid(field, format!("{field} must not contain control characters")));
    }
    Ok(())
}

fn check_script(field: &str, script: &Script) -> AppResult<()> {
    if script.text().len() > MAX_SCRIPT {
        return Err(AppError::invalid(field, format!("{field} must be at most {} KiB", MAX_SCRIPT / 1024)));
    }
    Ok(())
}

fn check_network(access: &AgentNetworkAccess) -> AppResult<()> {
    let field = "agent_network_access";
    match access.mode.as_deref() {
        None | Some("off") | Some("on") => {}
        Some(other) => {
            return Err(AppError::invalid(&format!("{field}.mode"), format!("mode must be off or on, got {other:?}")))
        }
    }
    if let Some(preset) = access.preset_allowlist.as_deref() {
        if !NETWORK_PRESETS.contains(&preset) {
            return Err(AppError::invalid(
                &format!("{field}.preset_allowlist"),
                format!("preset_allowlist must be one of {}, got {preset:?}", NETWORK_PRESETS.join(", ")),
            ));
        }
    }
    if let Some(value) = &access.allowlist_domains {
        let list_field = format!("{field}.allowlist_domains");
        let list = domains(value)
            .ok_or_else(|| AppError::invalid(&list_field, "allowlist_domains must be a string or a list of domains"))?;
        if list.len() > MAX_DOMAINS {
            return Err(AppError::invalid(&list_field, format!("at most {MAX_DOMAINS} domains")));
        }
        if let Some(bad) = list.iter().find(|domain| !is_domain(domain)) {
            return Err(AppError::invalid(&list_field, format!("{bad:?} is not a domain (like example.com)")));
        }
    }
    Ok(())
}

/// Checks an input against the store; `creating` makes a label and a repository required.
pub fn check(store: &Store, input: &EnvironmentInput, creating: bool) -> AppResult<()> {
    match input.label.as_deref().map(str::trim) {
        Some("") | None if creating => return Err(AppError::invalid("label", "an environment needs a name")),
        Some("") => return Err(AppError::invalid("label", "the name cannot be empty")),
        Some(label) => check_text("label", label, MAX_LABEL)?,
        None => {}
    }
    if let Some(description) = &input.description {
        // Several lines are fine; other control characters are not.
        check_text("description", &description.replace(['\n', '\r', '\t'], " "), MAX_DESCRIPTION)?;
    }
    if let Some(path) = &input.workspace_dir {
        check_text("workspace_dir", path, MAX_PATH)?;
        if !is_workspace_dir(path) {
            return Err(AppError::invalid(
                "workspace_dir",
                "workspace_dir must be an absolute path (like /workspace/app) without ..",
            ));
        }
    }
    match &input.repos {
        Some(repos) if repos.is_empty() => {
            return Err(AppError::invalid("repos", "choose at least one repository"));
        }
        None if creating => return Err(AppError::invalid("repos", "choose at least one repository")),
        Some(repos) => {
            if let Some(unknown) = repos.iter().find(|key| repository_for(store, key).is_none()) {
                return Err(AppError::invalid(
                    "repos",
                    format!("{unknown:?} is not a repository your GitHub installations grant"),
                ));
            }
        }
        None => {}
    }
    for (field, script) in [("setup", &input.setup), ("maintenance_setup", &input.maintenance_setup)] {
        if let Some(script) = script {
            check_script(field, script)?;
        }
    }
    if let Some(variables) = &input.env_vars {
        check_variables("env_vars", variables.iter().map(|(name, value)| (name, Some(value))))?;
    }
    if let Some(secrets) = &input.secrets {
        check_variables("secrets", secrets.iter().map(|(name, value)| (name, value.as_ref())))?;
    }
    if let Some(access) = &input.agent_network_access {
        check_network(access)?;
    }
    Ok(())
}

fn check_variables<'a>(
    field: &str,
    variables: impl ExactSizeIterator<Item = (&'a String, Option<&'a String>)>,
) -> AppResult<()> {
    if variables.len() > MAX_VARIABLES {
        return Err(AppError::invalid(field, format!("at most {MAX_VARIABLES} {field}")));
    }
    for (name, value) in variables {
        if !is_variable_name(name) {
            return Err(AppError::invalid(
                field,
                format!("{name:?} is not a valid name: use letters, digits and _, not starting with a digit"),
            ));
        }
        if value.is_some_and(|value| value.len() > MAX_VALUE) {
            return Err(AppError::invalid(field, format!("the value of {name} is over {} KiB", MAX_VALUE / 1024)));
        }
    }
    Ok(())
}

/// The repository a `github-<id>` key names, among those the installations grant.
fn repository_for<'a>(store: &'a Store, key: &str) -> Option<&'a wham_api::models::Repository> {
    let id = key.strip_prefix("github-")?;
    store.repositories.iter().find(|repo| repo.id == id)
}

/// Applies a checked input to an environment.
pub fn apply(store: &Store, environment: &mut Environment, input: EnvironmentInput) {
    if let Some(label) = input.label {
        environment.label = Some(label.trim().to_string());
    }
    if let Some(description) = input.description {
        environment.description = Some(description);
    }
    if let Some(path) = input.workspace_dir {
        environment.workspace_dir = Some(path);
    }
    if let Some(repos) = input.repos {
        environment.repo_map =
            repos.iter().filter_map(|key| repository_for(store, key).map(|repo| (key.clone(), repo.clone()))).collect();
        environment.repos = repos.into_iter().map(RepoRef::Key).collect();
        environment.repository_full_name =
            environment.primary_repository().and_then(|repo| repo.full_name().map(str::to_string));
        environment.default_branch = environment.primary_repository().and_then(|repo| repo.default_branch.clone());
    }
    if let Some(setup) = input.setup {
        environment.setup = Some(setup);
    }
    if let Some(setup) = input.maintenance_setup {
        environment.maintenance_setup = Some(setup);
    }
    if let Some(variables) = input.env_vars {
        environment.env_vars = variables;
    }
    if let Some(secrets) = input.secrets {
        for (name, value) in secrets {
            match value {
                Some(value) => environment.secrets.insert(name, Value::String(value)),
                None => environment.secrets.remove(&name),
            };
        }
    }
    if let Some(access) = input.agent_network_access {
        environment.agent_network_access = Some(access);
    }
    if let Some(settings) = input.auto_setup_settings {
        environment.auto_setup_settings = Some(settings);
    }
    if let Some(settings) = input.cache_settings {
        environment.cache_settings = Some(settings);
    }
    if let Some(pinned) = input.is_pinned {
        environment.is_pinned = Some(pinned);
    }
}
