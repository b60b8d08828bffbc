//! Deterministic seeded data: `--seed N` builds the same store for the same N. Shapes follow
//! the captured examples; the variety goes beyond them (every status, archived and unread
//! tasks, best-of-N siblings, follow-ups, pull requests, diffs of real size).

use crate::agent;
use crate::content::SCENARIOS;
use crate::rng::Rng;
use crate::state::{Store, TaskRecord};
use crate::turns;
use serde_json::json;
use std::collections::BTreeMap;
use wham_api::models::*;
use wham_api::tolerant::{Extra, Script};

/// Seeded timestamps count back from this fixed instant (2026-11-18T…Z), so they do not depend
/// on when the server starts.
pub const SEED_EPOCH: f64 = 1_795_000_000.0;

/// How many tasks the seed creates.
pub const SEEDED_TASKS: usize = 48;

struct RepoSpec {
    id: &'static str,
    full_name: &'static str,
    language: &'static str,
}

const REPOS: &[RepoSpec] = &[
    RepoSpec { id: "100000001", full_name: "acme-corp/storefront", language: "TypeScript" },
    RepoSpec { id: "100000002", full_name: "acme-corp/billing-service", language: "Go" },
    RepoSpec { id: "100000003", full_name: "acme-corp/data-pipeline", language: "Python" },
    RepoSpec { id: "100000004", full_name: "jdoe/cache-warmer", language: "Rust" },
];

/// The store for `seed`, with the usual number of tasks.
pub fn seed(seed: u64) -> Store {
    seed_with_tasks(seed, SEEDED_TASKS)
}

/// The store for `seed` with `tasks` tasks (the first `SEEDED_TASKS` are those of `seed`).
pub fn seed_with_tasks(seed: u64, tasks: usize) -> Store {
    let mut rng = Rng::new(seed);
    let mut store = Store {
        rate_limit_per_window: 60,
        rate_window_seconds: 3600.0,
        github_handle: Some("jdoe".into()),
        ..Default::default()
    };
    store.repositories = REPOS.iter().map(repository).collect();
    for repo in REPOS {
        let mut branches = vec!["main".to_string(), "develop".to_string()];
        for index in 0..rng.range(6, 30) {
            branches.push(format!(
                "{}/{}-{index}",
                rng.pick(&["feature", "fix", "codex", "chore"]),
                rng.pick(&["login", "cache", "retry", "ui", "docs", "deps"])
            ));
        }
        store.branches.insert(format!("github-{}", repo.id), branches);
    }
    store.environments = REPOS.iter().enumerate().map(|(index, repo)| environment(&mut rng, index, repo)).collect();
    store.installations = vec![
        Installation {
            id: "installation-1".into(),
            account_login: Some("acme-corp".into()),
            account_id: Some(5_550_001),
            account_type: Some("Organization".into()),
            account_avatar_url: Some("https://example.com/acme.png".into()),
            html_url: Some("https://github.com/organizations/acme-corp/settings/installations/1".into()),
            events: vec!["pull_request".into(), "push".into(), "issues".into()],
            extra: Extra::new(),
        },
        Installation {
            id: "installation-2".into(),
            account_login: Some("jdoe".into()),
            account_id: Some(5_550_002),
            account_type: Some("User".into()),
            account_avatar_url: Some("https://example.com/jdoe.png".into()),
            html_url: Some("https://github.com/settings/installations/2".into()),
            events: vec!["pull_request".into(), "push".into()],
            extra: Extra::new(),
        },
    ];
    store.settings = UserSettings {
        user_id: Some("user-local".into()),
        git_diff_mode: Some("split".into()),
        branch_format: Some("codex/{feature}".into()),
        custom_instructions: Some("Always run the tests before finishing.".into()),
        code_review_preference: Some("never".into()),
        alpha_opt_in: Some(false),
        extra: Extra::new(),
    };
    store.code_review = CodeReviewSettings {
        repo_review_settings: store
            .repositories
            .iter()
            .take(2)
            .map(|repo| RepoReviewSetting {
                repository: Some(repo.clone()),
                review_preference: Some("always".into()),
                global_review_preference: Some("inherit".into()),
                global_review_account_id: Some("organization-acme".into()),
                updated_at: Some(wham_api::tolerant::Timestamp::Text("2026-10-01T09:00:00Z".into())),
                last_updated_user_email: Some("jdoe@example.com".into()),
                last_updated_by_github_id: Some(json!(5_550_002)),
                extra: Extra::new(),
            })
            .collect(),
        next_token: None,
        extra: Extra::new(),
    };
    store.machines = vec![Machine {
        machine_id: "wham-public/wham-universal".into(),
        label: Some("Universal".into()),
        cpu_limit: Some(4.0),
        memory_limit_mb: Some(16_384),
        disk_limit_mb: Some(65_536),
        image: Some("ghcr.io/openai/codex-universal:latest".into()),
        metadata: Some(json!({"data": {}})),
        extra: Extra::new(),
    }];

    for index in 0..tasks {
        let record = seeded_task(&mut store, &mut rng, index);
        store.tasks.insert(record.task.id.clone(), record);
    }
    store
}

fn repository(spec: &RepoSpec) -> Repository {
    let (owner, name) = spec.full_name.split_once('/').unwrap_or(("owner", spec.full_name));
    Repository {
        id: spec.id.to_string(),
        name: Some(name.to_string()),
        repository_full_name: Some(spec.full_name.to_string()),
        clone_url: Some(format!("https://github.com/{}.git", spec.full_name)),
        default_branch: Some("main".into()),
        language: Some(spec.language.to_string()),
        visibility: Some("private".into()),
        permissions: Some(BTreeMap::from([("admin".into(), true), ("push".into(), true), ("pull".into(), true)])),
        owner: Some(
            json!({"login": owner, "id": 5_550_001, "type": "Organization", "avatar_url": "https://example.com/avatar.png", "url": format!("https://api.github.com/orgs/{owner}")}),
        ),
        allow_merge_commit: Some(true),
        allow_rebase_merge: Some(true),
        allow_squash_merge: Some(true),
        allow_auto_merge: Some(false),
        allow_update_branch: Some(false),
        ..Default::default()
    }
}

fn environment(rng: &mut Rng, index: usize, spec: &RepoSpec) -> Environment {
    let key = format!("github-{}", spec.id);
    let toolchain = match spec.language {
        "TypeScript" => ("CODEX_ENV_NODE_VERSION", "20"),
        "Go" => ("CODEX_ENV_GO_VERSION", "1.24.3"),
        "Python" => ("CODEX_ENV_PYTHON_VERSION", "3.12"),
        _ => ("CODEX_ENV_RUST_VERSION", "1.89.0"),
    };
    let setup = match spec.language {
        "TypeScript" => Script::Lines(vec!["#!/usr/bin/env bash".into(), "npm ci".into()]),
        "Go" => Script::Text("go mod download".into()),
        "Python" => Script::Lines(vec!["pip install -r requirements.txt".into(), "pip install -e .".into()]),
        _ => Script::Text("cargo fetch".into()),
    };
    Environment {
        id: format!("env-{:08x}", 0xE000 + index as u64 * 0x111 + rng.below(16)),
        machine_id: Some("wham-public/wham-universal".into()),
        label: Some(spec.full_name.to_string()),
        is_pinned: Some(index == 0),
        description: Some(format!("{} workspace", spec.language)),
        workspace_dir: Some("/workspace".into()),
        agent_network_access: Some(AgentNetworkAccess {
            mode: Some(if index == 2 { "off" } else { "on" }.into()),
            preset_allowlist: Some("all".into()),
            allowlist_domains: Some(json!("")),
            safe_methods_only: None,
            extra: Extra::new(),
        }),
        repos: vec![RepoRef::Key(key.clone())],
        setup: Some(setup),
        maintenance_setup: Some(Script::Text(String::new())),
        repo_map: BTreeMap::from([(key, repository(spec))]),
        env_vars: BTreeMap::from([
            (toolchain.0.to_string(), toolchain.1.to_string()),
            ("CI".to_string(), "1".to_string()),
        ]),
        secrets: BTreeMap::new(),
        task_count: Some(0),
        creator_id: Some("user-local".into()),
        share_settings: Some("workspace".into()),
        created_at: Some((super::seed::SEED_EPOCH - 90.0 * 86_400.0 + index as f64 * 3600.0).into()),
        auto_setup_settings: Some(AutoSetupSettings { use_auto_setup: Some(index != 3), extra: Extra::new() }),
        cache_settings: Some(CacheSettings {
            post_setup_cache_enabled: Some(true),
            cache_invalidation_key: Some(String::new()),
            extra: Extra::new(),
        }),
        ..Default::default()
    }
}

/// One seeded task. The status mix: mostly ready, some running, pending, failed, cancelled.
fn seeded_task(store: &mut Store, rng: &mut Rng, index: usize) -> TaskRecord {
    let scenario = &SCENARIOS[index % SCENARIOS.len()];
    let environment_index = rng.below(store.environments.len() as u64) as usize;
    let environment = store.environments[environment_index].clone();
    if let Some(stored) = store.environments.get_mut(environment_index) {
        stored.task_count = Some(stored.task_count.unwrap_or(0) + 1);
    }
    let created_at = SEED_EPOCH - (index as f64) * 5400.0 - rng.below(3000) as f64;
    let task_id = format!("task_e_{}", rng.hex(24));
    let status = match index % 12 {
        0 => TurnStatus::InProgress,
        5 => TurnStatus::Pending,
        7 => TurnStatus::Failed,
        10 => TurnStatus::Cancelled,
        _ => TurnStatus::Completed,
    };
    let best_of_n = if index % 9 == 3 { rng.range(2, 4) as usize } else { 1 };
    let follow_ups = if index % 8 == 2 && status == TurnStatus::Completed { rng.range(1, 2) as usize } else { 0 };
    let ask_mode = index % 10 == 4;
    let branch = "main";
    let repo_full_name = environment.label.clone().unwrap_or_default();

    let mut record = TaskRecord::new_task(&task_id, scenario.title, true, &environment, branch, created_at);
    record.task.has_unread_turn = status == TurnStatus::Completed && index.is_multiple_of(3);
    record.task.archived = index % 11 == 6;
    record.updated_at = created_at + 240.0;

    // One round per prompt: the first, then each follow-up.
    let mut previous_assistant: Option<String> = None;
    for round in 0..=follow_ups {
        let at = created_at + round as f64 * 600.0;
        let user_id = format!("{task_id}~usertrn_{}", rng.hex(16));
        let prompt = if round == 0 {
            scenario.prompt.to_string()
        } else {
            "Also update the changelog and the docs.".to_string()
        };
        let user =
            turns::user_turn(&user_id, previous_assistant.as_deref(), vec![user_message(&prompt)], at, "codex-1");
        let attempts: Vec<String> = (0..best_of_n).map(|_| format!("{task_id}~assttrn_{}", rng.hex(16))).collect();
        let is_last_round = round == follow_ups;
        for (attempt, turn_id) in attempts.iter().enumerate() {
            let mut turn =
                turns::pending_assistant_turn(turn_id, &user_id, attempt as i64, &environment, branch, at + 1.0);
            turn.sibling_turn_ids = attempts.iter().filter(|other| *other != turn_id).cloned().collect();
            let turn_status = if is_last_round { status.clone() } else { TurnStatus::Completed };
            let base_commit = turn.base_commit_sha.clone().unwrap_or_default();
            record.add_assistant_turn(turn, &user_id);
            // Seeded turns are the simulated agent's work applied at once, so their stream
            // histories replay exactly like a live turn's.
            let seeded_prompt =
                if turn_status == TurnStatus::Failed { format!("{prompt} [fail]") } else { prompt.clone() };
            let mut plan = agent::plan(rng, scenario, &seeded_prompt, ask_mode, None, &base_commit, at + 5.0);
            match turn_status {
                TurnStatus::Completed | TurnStatus::Failed => {}
                TurnStatus::InProgress => plan.steps.truncate(plan.steps.len() / 2),
                TurnStatus::Cancelled => plan.steps.truncate(6),
                _ => plan.steps.clear(),
            }
            agent::apply_all(&mut record, turn_id, &plan, at + 1.0);
            if turn_status == TurnStatus::Cancelled {
                agent::cancel(&mut record, turn_id, at + 90.0);
            }
        }
        record.add_user_turn(user, previous_assistant.clone(), attempts.clone());
        previous_assistant = attempts.first().cloned();
        record.task.current_turn_id = attempts.first().cloned();
    }

    // The agent marks finished turns unread; the seed decides which tasks are.
    record.task.has_unread_turn = status == TurnStatus::Completed && index.is_multiple_of(3);

    // Some finished code tasks have a pull request.
    if status == TurnStatus::Completed && !ask_mode && index % 4 == 1 {
        if let Some(turn_id) = record.task.current_turn_id.clone() {
            let number = 100 + index as u64;
            let pr_branch = format!("codex/{}", scenario.title.to_lowercase().replace(' ', "-"));
            let pr = turns::pull_request(
                &format!("pr_{}", rng.hex(12)),
                &turn_id,
                number,
                &repo_full_name,
                &pr_branch,
                scenario.title,
                index % 8 == 1,
            );
            record.task.external_pull_requests.push(pr);
            if let Some(node) = record.turns.get_mut(&turn_id) {
                node.turn.pull_request_status = Some("created".into());
            }
            if let Some(metadata) = record.task.denormalized_metadata.as_mut() {
                metadata.pushed_branch_name = Some(pr_branch);
                metadata.last_pushed_turn_id = Some(turn_id);
            }
        }
    }
    record.task.title =
        if status == TurnStatus::Pending { record.task.title.clone() } else { scenario.title.to_string() };
    if status == TurnStatus::Pending {
        record.task.has_generated_title = false;
        record.task.title = scenario.prompt.chars().take(60).collect();
    }
    record.refresh_metadata();
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data() {
        let a = serde_json::to_string(&seed(7).tasks).unwrap();
        let b = serde_json::to_string(&seed(7).tasks).unwrap();
        let c = serde_json::to_string(&seed(8).tasks).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn every_small_seed_builds() {
        // Seed 2 once panicked (a hunk's new-side start underflowed): every seed must build.
        for seed_value in 0..64 {
            let store = seed(seed_value);
            assert!(!store.tasks.is_empty(), "seed {seed_value}");
        }
    }

    #[test]
    fn seeded_diffs_parse_and_match_their_stats() {
        let store = seed(3);
        let mut checked = 0;
        for task in store.tasks.values() {
            for node in task.turns.values() {
                if let Some(diff) = node.turn.diff() {
                    let files = wham_api::diff::parse(&diff.diff).expect("a seeded diff parses");
                    let added: usize = files.iter().map(|file| file.added).sum();
                    let removed: usize = files.iter().map(|file| file.removed).sum();
                    assert_eq!(Some(added as u64), diff.lines_added, "{}", node.id);
                    assert_eq!(Some(removed as u64), diff.lines_removed, "{}", node.id);
                    assert_eq!(Some(files.len() as u64), diff.files_modified);
                    checked += 1;
                }
            }
        }
        assert!(checked > 20);
    }

    #[test]
    fn seed_has_the_variety_the_app_needs() {
        let store = seed(1);
        let statuses: std::collections::BTreeSet<String> =
            store.tasks.values().map(|task| task.status().to_string()).collect();
        for status in ["pending", "in_progress", "completed", "failed", "cancelled"] {
            assert!(statuses.contains(status), "no {status} task in {statuses:?}");
        }
        assert!(store.tasks.values().any(|task| task.task.archived));
        assert!(store.tasks.values().any(|task| task.task.has_unread_turn));
        assert!(store.tasks.values().any(|task| !task.task.external_pull_requests.is_empty()));
        assert!(store
            .tasks
            .values()
            .any(|task| task.current_assistant_turn().is_some_and(|turn| !turn.sibling_turn_ids.is_empty())));
        assert!(store.tasks.values().any(|task| task
            .task
            .denormalized_metadata
            .as_ref()
            .and_then(|m| m.num_follow_ups)
            .unwrap_or(0)
            > 0));
    }
}
