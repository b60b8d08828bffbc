//! An environment being edited: problems at the field before sending, a create request with
//! everything, an update with only what changed, and secrets never saved with the draft.

use wham_api::models::Environment;
use wham_model::environment_draft::{EnvironmentDraft, Problem};

fn saved() -> Environment {
    serde_json::from_value(serde_json::json!({
        "id": "env_1", "label": "App", "workspace_dir": "/workspace/app",
        "repos": ["github-1"], "repo_map": {"github-1": {"id": "1", "repository_full_name": "acme/app"}},
        "setup": ["npm ci", "npm test"], "env_vars": {"A": "1"}, "secrets": {"TOKEN": "********"},
        "agent_network_access": {"mode": "on", "preset_allowlist": "all", "allowlist_domains": "example.com,*.acme.dev"},
        "cache_settings": {"post_setup_cache_enabled": true}, "is_pinned": false
    }))
    .unwrap()
}

fn fields(problems: Vec<Problem>) -> Vec<&'static str> {
    problems.into_iter().map(|problem| problem.field).collect()
}

#[test]
fn a_saved_environment_reads_back_and_an_untouched_draft_changes_nothing() {
    let draft = EnvironmentDraft::of(&saved());
    assert_eq!(draft.setup, "npm ci\nnpm test");
    assert_eq!(draft.domains, "example.com, *.acme.dev");
    assert_eq!(draft.saved_secrets, ["TOKEN"]);
    assert!(draft.network_on && draft.cache_enabled);
    assert!(draft.problems().is_empty(), "{:?}", draft.problems());
    assert!(!draft.is_dirty(&draft.clone()));
    assert!(draft.update_request(&draft).is_empty());
}

#[test]
fn an_update_sends_only_what_changed() {
    let base = EnvironmentDraft::of(&saved());
    let mut edited = base.clone();
    edited.description = "Now described".into();
    edited.variables.push(("B".into(), "2".into()));
    edited.removed_secrets.push("TOKEN".into());
    edited.secret_values.push(("NEW".into(), "v".into()));
    let request = edited.update_request(&base);
    let json = serde_json::to_value(&request).unwrap();
    let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["description", "env_vars", "secrets"], "{json}");
    assert_eq!(json["secrets"], serde_json::json!({"TOKEN": null, "NEW": "v"}));
    assert_eq!(json["env_vars"], serde_json::json!({"A": "1", "B": "2"}));
    assert!(edited.is_dirty(&base));
}

#[test]
fn problems_name_the_field_the_server_would() {
    let mut draft = EnvironmentDraft::new_environment();
    assert_eq!(fields(draft.problems()), ["label", "repos"]);
    draft.label = "Docs".into();
    draft.repos = vec!["github-1".into()];
    draft.workspace_dir = "/a/../b".into();
    draft.variables = vec![("1X".into(), "v".into())];
    draft.secret_values = vec![("OK".into(), String::new())];
    draft.network_on = true;
    draft.domains = "good.dev, <script>".into();
    assert_eq!(
        fields(draft.problems()),
        ["workspace_dir", "env_vars", "secrets", "agent_network_access.allowlist_domains"]
    );
    draft.variables = vec![("X".into(), "1".into()), ("X".into(), "2".into())];
    assert!(draft.problems().iter().any(|problem| problem.message.contains("twice")));
}

#[test]
fn a_new_environment_sends_everything_and_the_saved_draft_holds_no_secret() {
    let mut draft = EnvironmentDraft::new_environment();
    draft.label = " Docs ".into();
    draft.repos = vec!["github-7".into()];
    draft.secret_values = vec![("NPM_TOKEN".into(), "hunter2".into())];
    let request = serde_json::to_value(draft.create_request()).unwrap();
    assert_eq!(request["label"], "Docs");
    assert_eq!(request["agent_network_access"]["mode"], "off");
    assert_eq!(request["secrets"]["NPM_TOKEN"], "hunter2");
    let stored = serde_json::to_string(&draft).unwrap();
    assert!(!stored.contains("hunter2"), "{stored}");
    let restored: EnvironmentDraft = serde_json::from_str(&stored).unwrap();
    assert!(restored.secret_values.is_empty());
    assert_eq!(restored.label, " Docs ");
}
