//! The models accept every shape the JSON Schemas under `docs/api/schemas/` allow: for each
//! schema, instances are generated (only required fields; every field; every nullable field
//! null; each alternative of a union) and decoded with the matching model. A decode must also
//! re-encode without losing a field.

mod support;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Map, Value};
use support::{api_docs_dir, assert_nothing_lost};
use wham_api::models::*;

/// How to fill a schema: which variant of each choice to take.
#[derive(Clone, Copy, PartialEq)]
enum Fill {
    /// Required properties only, first type of each union.
    Minimal,
    /// Every property, first non-null type.
    Full,
    /// Every property, `null` wherever allowed.
    Nulls,
    /// Every property, the last type of each union.
    LastType,
}

fn types(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.clone()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ if schema.get("properties").is_some() => vec!["object".into()],
        _ if schema.get("items").is_some() => vec!["array".into()],
        _ => vec![],
    }
}

fn instance(schema: &Value, fill: Fill, depth: usize) -> Value {
    if depth > 24 {
        return Value::Null;
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(Value::Array(options)) = schema.get("enum") {
        return options.first().cloned().unwrap_or(Value::Null);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = schema.get(key) {
            let pick = if fill == Fill::LastType { options.last() } else { options.first() };
            return pick.map(|option| instance(option, fill, depth + 1)).unwrap_or(Value::Null);
        }
    }
    let kinds = types(schema);
    let kind = match fill {
        Fill::Nulls if kinds.iter().any(|kind| kind == "null") => "null".to_string(),
        Fill::LastType => kinds.last().cloned().unwrap_or_default(),
        _ => kinds
            .iter()
            .find(|kind| *kind != "null")
            .cloned()
            .unwrap_or_else(|| kinds.first().cloned().unwrap_or_default()),
    };
    match kind.as_str() {
        "null" => Value::Null,
        "string" => json!(schema.get("format").map(|_| "2025-09-24T07:04:59Z").unwrap_or("text")),
        // Integral: counts are typed as integers, and integral floats (`42.0`) are what captures show.
        "number" => json!(1758697448.0),
        "integer" => json!(42),
        "boolean" => json!(true),
        "array" => match schema.get("items") {
            Some(items) if fill != Fill::Minimal => json!([instance(items, fill, depth + 1)]),
            _ => json!([]),
        },
        "object" => {
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut object = Map::new();
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (name, property) in properties {
                    if fill == Fill::Minimal && !required.contains(&name.as_str()) {
                        continue;
                    }
                    object.insert(name.clone(), instance(property, fill, depth + 1));
                }
            }
            Value::Object(object)
        }
        _ => Value::Null,
    }
}

/// The response body a schema describes: its `payload` when it wraps a capture.
fn body_schema(file: &str) -> Value {
    let text = std::fs::read_to_string(api_docs_dir().join("schemas").join(file)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    match schema.pointer("/properties/payload") {
        Some(payload) if schema.pointer("/properties/metadata").is_some() => payload.clone(),
        _ => schema,
    }
}

fn accepts<T: DeserializeOwned + Serialize>(file: &str) {
    check::<T>(file, true)
}

/// For wrapper shapes the model re-encodes in its canonical (unwrapped) form.
fn accepts_canonical<T: DeserializeOwned + Serialize>(file: &str) {
    check::<T>(file, false)
}

fn check<T: DeserializeOwned + Serialize>(file: &str, lossless: bool) {
    let schema = body_schema(file);
    for fill in [Fill::Minimal, Fill::Full, Fill::Nulls, Fill::LastType] {
        let value = instance(&schema, fill, 0);
        let model: T =
            serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{file}: {error}\n{value:#}"));
        let encoded = serde_json::to_value(&model).unwrap();
        // Bare arrays and wrappers encode to their own canonical form; only objects are
        // compared field by field.
        if lossless && value.is_object() && encoded.is_object() {
            assert_nothing_lost(&value, &encoded, file);
        }
    }
}

#[test]
fn models_accept_every_schema() {
    accepts::<EnvironmentList>("backend_api_codex_environments.schema.json");
    accepts::<Value>("backend_api_codex_environments_environment_id_repos.schema.json");
    accepts::<TaskListResponse>("backend_api_codex_tasks_list.schema.json");
    accepts::<TaskBundle>("backend_api_codex_tasks_task_id.schema.json");
    accepts::<TurnMappingResponse>("backend_api_codex_tasks_task_id_turns.schema.json");
    accepts::<EnvironmentList>("backend_api_wham_environments.schema.json");
    accepts_canonical::<EnvironmentDetail>("backend_api_wham_environments_environment_id.schema.json");
    accepts_canonical::<EnvironmentDetail>(
        "backend_api_wham_environments_environment_id_with_creator_and_machine.schema.json",
    );
    accepts_canonical::<EnvironmentDetail>("backend_api_wham_environments_id_with_creator_and_machine.schema.json");
    accepts::<EnvironmentList>("backend_api_wham_environments_recent.schema.json");
    accepts::<EnvironmentList>("backend_api_wham_environments_with_creators.schema.json");
    accepts::<BranchSearchResponse>("backend_api_wham_github_branches_id_search.schema.json");
    accepts::<InstallationEventsResponse>("backend_api_wham_github_installations_events_v2.schema.json");
    accepts::<Repository>("backend_api_wham_github_repositories_id.schema.json");
    accepts::<MachinesResponse>("backend_api_wham_machines.schema.json");
    accepts::<CodeReviewSettings>("backend_api_wham_settings_code_review.schema.json");
    accepts::<UserPreferencesConfig>("backend_api_wham_settings_configs_user_preferences.schema.json");
    accepts::<UserSettings>("backend_api_wham_settings_user.schema.json");
    accepts::<GithubUserHandle>("backend_api_wham_task_suggestions_github_user_handle.schema.json");
    accepts::<TaskBundle>("backend_api_wham_tasks_id.schema.json");
    accepts::<TurnMappingResponse>("backend_api_wham_tasks_id_turns.schema.json");
    accepts::<TaskListResponse>("backend_api_wham_tasks_list.schema.json");
    accepts::<TaskListResponse>("backend_api_wham_tasks_list_limit_19_task_filter_all.schema.json");
    accepts::<TaskListResponse>("backend_api_wham_tasks_list_limit_19_task_filter_current.schema.json");
    accepts::<RateLimit>("backend_api_wham_tasks_rate_limit.schema.json");
    accepts::<Environment>("environment.schema.json");
    accepts::<EnvironmentList>("environments.schema.json");
    accepts::<MachinesResponse>("machines.schema.json");
    accepts::<RateLimit>("rate_limit.schema.json");
    accepts::<UserSettings>("settings.schema.json");
    accepts::<SiblingTurnsResponse>("sibling_turns.schema.json");
    accepts::<CreateTaskResponse>("task_create.schema.json");
    accepts::<TaskBundle>("task_details.schema.json");
    accepts::<TaskListResponse>("tasks_list.schema.json");
    accepts::<TurnMappingResponse>("turn_mapping.schema.json");
    accepts::<Success>("turn_viewed.schema.json");
    accepts::<Environment>("wham_environment_test.schema.json");
    accepts::<WorklogMessage>("wham_worklog_message.schema.json");
}

#[test]
fn every_schema_file_is_covered() {
    // The RSC page payloads (codex*.schema.json), the capture metadata and the bundle
    // collection are not API responses the app reads.
    let skipped = [
        "codex.schema.json",
        "codex_settings_code_review_data.schema.json",
        "codex_settings_data_data.schema.json",
        "codex_settings_environments_data.schema.json",
        "codex_settings_general_data.schema.json",
        "metadata.schema.json",
        "cloud_task_bundle.schema.json",
    ];
    let source = include_str!("schemas.rs");
    for entry in std::fs::read_dir(api_docs_dir().join("schemas")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(skipped.contains(&name.as_str()) || source.contains(&format!("\"{name}\"")), "{name} is not checked");
    }
}

#[test]
fn cloud_task_bundle_parts_decode() {
    let schema = body_schema("cloud_task_bundle.schema.json");
    for fill in [Fill::Minimal, Fill::Full, Fill::Nulls] {
        let value = instance(&schema, fill, 0);
        if let Some(details) = value.get("task_details") {
            let _: TaskBundle = serde_json::from_value(details.clone()).unwrap();
        }
        if let Some(logs) = value.get("turn_logs") {
            let _: TurnLogs = serde_json::from_value(logs.clone()).unwrap();
        }
    }
}
