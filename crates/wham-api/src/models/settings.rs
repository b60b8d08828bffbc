//! User settings, code review settings, preferences, machines, accounts.

use crate::models::environments::Repository;
use crate::tolerant::{null_default, Extra, Timestamp};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `GET`/`PATCH /wham/settings/user`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSettings {
    pub user_id: Option<String>,
    pub git_diff_mode: Option<String>,
    pub branch_format: Option<String>,
    pub custom_instructions: Option<String>,
    pub code_review_preference: Option<String>,
    pub alpha_opt_in: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of `PATCH /wham/settings/user`: only the keys being changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSettingsPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git_diff_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_instructions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_review_preference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_opt_in: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /wham/settings/code_review`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodeReviewSettings {
    #[serde(deserialize_with = "null_default")]
    pub repo_review_settings: Vec<RepoReviewSetting>,
    pub next_token: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepoReviewSetting {
    pub repository: Option<Repository>,
    pub review_preference: Option<String>,
    pub global_review_preference: Option<String>,
    pub global_review_account_id: Option<String>,
    pub updated_at: Option<Timestamp>,
    pub last_updated_user_email: Option<String>,
    /// A number in some captures, a string in others.
    pub last_updated_by_github_id: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of `PATCH /wham/settings/code_review`: one repository's review preference. The
/// endpoint table documents only the GET; this shape is wham-server's, kept minimal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodeReviewUpdate {
    /// The repository's id as the settings list it (`github-<id>`).
    pub repository_id: String,
    /// `always`, `on_request`, `never` or `inherit`.
    pub review_preference: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The review preferences a repository (or the person) may have.
pub const REVIEW_PREFERENCES: &[&str] = &["inherit", "always", "on_request", "never"];

/// `GET /wham/settings/configs/user-preferences`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPreferencesConfig {
    #[serde(deserialize_with = "null_default")]
    pub branch_format_special_values: Vec<BranchFormatToken>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub branch_format_max_length: Option<u64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub custom_instructions_max_chars: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BranchFormatToken {
    pub value: String,
    pub char_count_label: Option<String>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub char_count: Option<u64>,
    pub description: Option<String>,
    pub example: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A machine definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Machine {
    /// `machine_id` in `/wham/machines` (`id` in an environment's detail: [`Machine::from_detail`]).
    pub machine_id: String,
    pub label: Option<String>,
    #[serde(deserialize_with = "crate::tolerant::lenient_f64")]
    pub cpu_limit: Option<f64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub memory_limit_mb: Option<u64>,
    #[serde(deserialize_with = "crate::tolerant::lenient_u64")]
    pub disk_limit_mb: Option<u64>,
    pub image: Option<String>,
    pub metadata: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Machine {
    /// The machine an environment's detail (`with_creator_and_machine`) sends: the schema's
    /// flat `{id, label, cpu_limit, memory_limit_mb, disk_limit_mb, image}`, or a `limits`
    /// object (`cpu`, `memory_gb` or `memory_mb`, `disk_gb` or `disk_mb`) as in the captured
    /// example. What is neither is left out, never an error: it is a detail of a detail.
    pub fn from_detail(value: &Value) -> Machine {
        let mut machine = serde_json::from_value::<Machine>(value.clone()).unwrap_or_default();
        // Not a serde alias: an object with both keys would then fail as a duplicate field,
        // and with it the whole `/wham/machines` list.
        if machine.machine_id.is_empty() {
            machine.machine_id = value.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        }
        let limit = |key: &str| {
            value
                .pointer(&format!("/limits/{key}"))
                .and_then(Value::as_f64)
                .filter(|number| number.is_finite() && *number >= 0.0)
        };
        let megabytes = |mb_key: &str, gb_key: &str| {
            limit(mb_key).or_else(|| limit(gb_key).map(|gb| gb * 1024.0)).map(|mb| mb.round() as u64)
        };
        machine.cpu_limit = machine.cpu_limit.or_else(|| limit("cpu"));
        machine.memory_limit_mb = machine.memory_limit_mb.or_else(|| megabytes("memory_mb", "memory_gb"));
        machine.disk_limit_mb = machine.disk_limit_mb.or_else(|| megabytes("disk_mb", "disk_gb"));
        machine
    }

    /// "4 CPU · 16 GB memory · 64 GB disk", as far as the machine says.
    pub fn specs(&self) -> String {
        let size = |mb: u64| match mb {
            0..1024 => format!("{mb} MB"),
            _ if mb.is_multiple_of(1024) => format!("{} GB", mb / 1024),
            _ => format!("{:.1} GB", mb as f64 / 1024.0),
        };
        let cpu = self.cpu_limit.filter(|cpu| cpu.is_finite() && *cpu > 0.0).map(|cpu| format!("{cpu} CPU"));
        let memory = self.memory_limit_mb.map(|mb| format!("{} memory", size(mb)));
        let disk = self.disk_limit_mb.map(|mb| format!("{} disk", size(mb)));
        [cpu, memory, disk].into_iter().flatten().collect::<Vec<_>>().join(" · ")
    }
}

/// `GET /wham/machines`: a bare array in the example, `{machine_count, machines}` in the schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MachinesResponse {
    pub machine_count: u64,
    pub machines: Vec<Machine>,
}

impl<'de> Deserialize<'de> for MachinesResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Bare(Vec<Machine>),
            Wrapped {
                #[serde(default)]
                machine_count: Option<u64>,
                #[serde(default, deserialize_with = "null_default")]
                machines: Vec<Machine>,
            },
        }
        Ok(match Option::<Either>::deserialize(deserializer)? {
            None => MachinesResponse::default(),
            Some(Either::Bare(machines)) => MachinesResponse { machine_count: machines.len() as u64, machines },
            Some(Either::Wrapped { machine_count, machines }) => {
                MachinesResponse { machine_count: machine_count.unwrap_or(machines.len() as u64), machines }
            }
        })
    }
}

/// `GET /wham/accounts/check`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountsCheck {
    #[serde(deserialize_with = "null_default")]
    pub accounts: Vec<Value>,
    #[serde(deserialize_with = "null_default")]
    pub account_ordering: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One account from [`AccountsCheck::accounts`], as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: String,
    /// The workspace's name, or `None` for a personal account without one.
    pub name: Option<String>,
    pub plan: Option<String>,
}

impl AccountsCheck {
    /// The accounts in the service's order (`account_ordering` first, then the rest), each
    /// with whatever of id, name and plan it names; entries without an id are skipped.
    pub fn summaries(&self) -> Vec<AccountSummary> {
        let text = |value: &Value, key: &str| {
            value.get(key).and_then(Value::as_str).map(str::trim).filter(|text| !text.is_empty()).map(str::to_string)
        };
        let mut summaries: Vec<AccountSummary> = self
            .accounts
            .iter()
            .filter_map(|account| {
                let id = text(account, "account_id").or_else(|| text(account, "id"))?;
                Some(AccountSummary { id, name: text(account, "name"), plan: text(account, "plan_type") })
            })
            .collect();
        let rank = |id: &str| self.account_ordering.iter().position(|ordered| ordered == id).unwrap_or(usize::MAX);
        summaries.sort_by_key(|summary| rank(&summary.id));
        summaries
    }
}

/// What a `wham-server` says about itself at `{base}/_wham_server/status` (see
/// [`crate::routes::SERVER_STATUS`]); the real service has no such path.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerStatus {
    /// `local` (simulated data) or `bridge` (the real service, through the person's bridge).
    pub mode: String,
    /// The bridge's upstream host, such as `chatgpt.com`.
    pub upstream: Option<String>,
    pub account_id: Option<String>,
    pub token_expires_at: Option<Timestamp>,
    pub token_expired: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `{…}` tokens a branch format uses (`codex/{feature}` → `["{feature}"]`), braces
/// included, in order; an unclosed `{` is text.
pub fn branch_format_tokens(format: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        found.push(&rest[open..open + close + 1]);
        rest = &rest[open + close + 1..];
    }
    found
}

/// `POST /wham/feedback`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Feedback {
    pub task_id: Option<String>,
    pub turn_id: Option<String>,
    pub rating: Option<String>,
    pub text: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
