//! What an environment's fields may hold, shared by the app (checks at the field before
//! sending) and wham-server (the same checks, answered with a 422 naming the field).

use serde_json::Value;

/// What the service offers as preset allowlists for agent internet access.
pub const NETWORK_PRESETS: &[&str] = &["none", "common_dependencies", "all"];

/// Whether a path is one an environment may use as its workspace: absolute, no `..`.
pub fn is_workspace_dir(path: &str) -> bool {
    path.is_empty() || (path.starts_with('/') && !path.split('/').any(|segment| segment == ".."))
}

/// A variable or secret name as shells accept it: a letter or `_`, then letters, digits, `_`.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128
}

/// A domain for the allowlist: `example.com` or `*.example.com`, letters, digits and hyphens.
pub fn is_domain(domain: &str) -> bool {
    let host = domain.strip_prefix("*.").unwrap_or(domain);
    !host.is_empty()
        && host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// The domains of an allowlist, sent as one string (comma or space separated, as the service
/// stores it) or as a list.
pub fn domains(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::String(text) => {
            Some(text.split([',', ' ', '\n']).map(str::trim).filter(|d| !d.is_empty()).map(str::to_string).collect())
        }
        Value::Array(items) => items.iter().map(|item| item.as_str().map(|d| d.trim().to_string())).collect(),
        _ => None,
    }
}
