//! Every captured example under `docs/api/examples/` decodes into its model and encodes back
//! without losing a field: each non-null value of the capture is found, equal, in the re-encoded
//! document (`null` and an absent field mean the same to every client).

mod support;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use support::{api_docs_dir, assert_nothing_lost};
use wham_api::models::*;

/// A captured example's text.
fn example(file: &str) -> String {
    let path = api_docs_dir().join("examples").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn round_trip<T: DeserializeOwned + Serialize>(file: &str) {
    let text = example(file);
    let original: Value = serde_json::from_str(&text).unwrap();
    let model: T = serde_json::from_value(original.clone()).unwrap_or_else(|error| panic!("{file}: {error}"));
    let encoded = serde_json::to_value(&model).unwrap();
    assert_nothing_lost(&original, &encoded, file);
}

#[test]
fn every_example_round_trips() {
    round_trip::<Environment>("wham-examples_environment-with-creator.json");
    round_trip::<EnvironmentList>("wham-examples_environments-list.json");
    round_trip::<BranchSearchResponse>("wham-examples_github-branches-search.json");
    round_trip::<InstallationEventsResponse>("wham-examples_github-installations-events.json");
    round_trip::<InstallationsV2Response>("wham-examples_github-installations-v2.json");
    round_trip::<InstallationsResponse>("wham-examples_github-installations.json");
    round_trip::<Repository>("wham-examples_github-repository.json");
    round_trip::<CodeReviewSettings>("wham-examples_settings-code-review.json");
    round_trip::<UserPreferencesConfig>("wham-examples_settings-config-user-preferences.json");
    round_trip::<UserSettings>("wham-examples_settings-user.json");
    round_trip::<TaskBundle>("wham-examples_task-bundle.json");
    round_trip::<GithubUserHandle>("wham-examples_task-suggestions-github-user-handle.json");
    round_trip::<TurnResponse>("wham-examples_task-turn-detail.json");
    round_trip::<TaskListResponse>("wham-examples_tasks-list.json");
    round_trip::<RateLimit>("wham-examples_tasks-rate-limit.json");
    round_trip::<TaskFeedResponse>("wham-examples_tasks-response.json");
    round_trip::<TurnMappingResponse>("wham-examples_turn-mapping.json");
}

#[test]
fn machines_example_is_a_bare_array() {
    let text = example("wham-examples_machines.json");
    let machines: MachinesResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(machines.machine_count, 0);
}

#[test]
fn every_example_file_is_covered() {
    let covered = 18;
    let count = std::fs::read_dir(api_docs_dir().join("examples")).unwrap().count();
    assert_eq!(count, covered, "a new example was captured: add it to every_example_round_trips");
}

#[test]
fn examples_read_as_the_app_reads_them() {
    let text = example("wham-examples_turn-mapping.json");
    let mapping: TurnMappingResponse = serde_json::from_str(&text).unwrap();
    let failed = &mapping.turn_mapping["task_e_example~assttrn_e_example"].turn;
    assert_eq!(failed.status(), TurnStatus::Failed);
    assert_eq!(failed.error.as_ref().unwrap().message(), "Failed to apply patch to repo /workspace/sample-repo.");
    assert_eq!(failed.conversation_id.as_deref(), Some("None"));
    let user = &mapping.turn_mapping["task_e_example~usertrn_e_example"].turn;
    assert!(user.input_text().starts_with("Please consolidate"));
    assert!(matches!(user.input_items[1], InputItem::PreApplyPatch(_)));

    let text = example("wham-examples_environments-list.json");
    let environments: EnvironmentList = serde_json::from_str(&text).unwrap();
    let first = &environments.0[0];
    assert_eq!(first.primary_repository().and_then(|repo| repo.full_name()), Some("sample-org/sample-app"));
    assert!(first.setup.as_ref().unwrap().text().contains("setup stub"));
}

#[test]
fn a_turn_without_history_keeps_everything_else() {
    let path = api_docs_dir().join("examples/wham-examples_task-turn-detail.json");
    let response: TurnResponse = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut turn = response.turn;
    turn.thread_events = Some(ThreadEvents {
        events: vec![ThreadEvent::new("item/started", serde_json::json!({}))],
        ..Default::default()
    });
    turn.logs = Some(TurnLogs {
        logs: vec![LogEntry { line: Some("a line".into()), ..Default::default() }],
        ..Default::default()
    });
    let light = turn.without_history();
    assert!(light.thread_events.is_none() && light.logs.is_none());
    let mut expected = turn.clone();
    expected.thread_events = None;
    expected.logs = None;
    assert_eq!(light, expected, "every other field is copied");
    assert!(light.worklog.is_some() && light.environment.is_some(), "the example's worklog and environment are kept");
}

#[test]
fn a_created_task_is_read_for_its_id_alone() {
    let full = CreateTaskResponse {
        task: Task { id: "task_e_1".into(), title: "Add a health check".into(), ..Default::default() },
        turn: Some(Turn::default()),
        user_turn: Some(Turn::default()),
        ..Default::default()
    };
    let slim: CreatedTask = serde_json::from_str(&serde_json::to_string(&full).unwrap()).unwrap();
    assert_eq!(slim.task.id, "task_e_1");
    // The rest of the answer is skipped, whatever its shape.
    let odd = r#"{"task":{"id":"task_e_2","title":7},"turn":"not a turn","user_turn":[1,2]}"#;
    assert_eq!(serde_json::from_str::<CreatedTask>(odd).unwrap().task.id, "task_e_2");
}

#[test]
fn environments_read_for_their_names_are_named_as_whole_ones() {
    let mut texts = vec![example("wham-examples_environments-list.json")];
    // Every way a name is found: label, name, a repository by key or inline, the first in the
    // map, the id; in each list wrapper the service uses.
    texts.push(
        r#"{"environments": [
            {"id": "e1", "label": "", "name": "Backend"},
            {"id": "e2", "repos": ["k"], "repo_map": {"k": {"id": 7, "repository_full_name": "acme/api"}}},
            {"id": "e3", "repos": [{"id": "9", "repository_full_name": "acme/web"}]},
            {"id": "e4", "repos": null, "repo_map": {"z": {"id": 1, "repository_full_name": "acme/z"}}},
            {"id": "e5", "label": null, "repos": [], "repo_map": null}
        ]}"#
        .to_string(),
    );
    texts.push(r#"{"items": [{"id": "e6", "label": "Docs"}]}"#.to_string());
    let mut compared = 0;
    for text in texts {
        let whole: EnvironmentList = serde_json::from_str(&text).unwrap();
        let names: EnvironmentList<EnvironmentName> = serde_json::from_str(&text).unwrap();
        assert_eq!(whole.0.len(), names.0.len());
        for (environment, named) in whole.0.iter().zip(&names.0) {
            assert_eq!(named.id, environment.id);
            assert_eq!(named.display_name(), environment.display_name(), "{}", environment.id);
            compared += 1;
        }
    }
    assert!(compared >= 7, "compared {compared}");
}

#[test]
fn task_rows_read_slim_show_what_the_whole_summaries_show() {
    let mut texts = vec![example("wham-examples_tasks-list.json")];
    // Pull requests with and without their object, numbers as text, nulls where lists and
    // objects go, a status the app does not know.
    texts.push(
        r#"{"items": [
            {"id": "t1", "title": "One", "has_generated_title": true, "updated_at": 1700000000.5, "is_review": true,
             "pull_requests": [
                {"id": "p1", "pull_request": {"number": "12", "url": "https://github.com/a/b/pull/12", "draft": true,
                                              "body": "Fixes it", "user": {"login": "x"}, "comments": 3}},
                {"id": "p3"}
             ],
             "task_status_display": {"environment_label": "acme/api", "branch_name": "fix",
                "latest_turn_status_display": {"turn_status": "in_progress", "sibling_turn_ids": null,
                    "diff_stats": {"files_modified": 2, "lines_added": "7", "lines_removed": null}}}},
            {"id": "t2", "title": "", "pull_requests": null, "task_status_display": null, "archived": true,
             "is_review": null},
            {"id": "t3", "title": "Three", "task_status_display": {"latest_turn_status_display": {"turn_status": "new_kind"}}}
        ], "cursor": null, "extra_top_level": [1]}"#
            .to_string(),
    );
    // A code review task says so; `null` is no review.
    let crafted: TaskRowPage = serde_json::from_str(&texts[1]).unwrap();
    assert_eq!(crafted.items.iter().map(|row| row.is_review).collect::<Vec<_>>(), [true, false, false]);
    let mut compared = 0;
    for text in texts {
        let whole: TaskListResponse = serde_json::from_str(&text).unwrap();
        let rows: TaskRowPage = serde_json::from_str(&text).unwrap();
        assert_eq!(rows.cursor, whole.cursor);
        assert_eq!(rows.items.len(), whole.items.len());
        for (summary, row) in whole.items.iter().zip(&rows.items) {
            assert_eq!(row, &TaskRowSummary::from(summary), "{}", summary.id);
            assert_eq!(row.status(), summary.status());
            compared += 1;
        }
    }
    assert!(compared >= 4, "compared {compared}");
    // What a row does not read is not read: a field of an unexpected type there costs nothing.
    let odd = r#"{"items":[{"id":"t","archived":"no","pull_requests":[{"pull_request":{"number":"12","draft":true,"body":{"not":"text"}}},{"pull_request":null}]}]}"#;
    assert!(serde_json::from_str::<TaskListResponse>(odd).is_err());
    let odd: TaskRowPage = serde_json::from_str(odd).unwrap();
    assert_eq!(odd.items[0].pull_requests[0], PullRequestLink { number: Some(12), url: None, draft: Some(true) });
    assert_eq!(odd.items[0].pull_requests[1], PullRequestLink::default());
}

#[test]
fn environment_and_repository_lists_come_in_every_wrapper_and_refuse_a_bad_item() {
    let ids = |text: &str| -> Vec<String> {
        serde_json::from_str::<EnvironmentList<EnvironmentName>>(text).unwrap().0.into_iter().map(|e| e.id).collect()
    };
    assert_eq!(ids(r#"[{"id":"a"},{"id":"b"}]"#), ["a", "b"]);
    assert_eq!(ids(r#"{"environments":[{"id":"a"}],"count":1}"#), ["a"]);
    assert_eq!(ids(r#"{"items":[{"id":"i"}]}"#), ["i"]);
    // `environments` wins over `items`, wherever it stands.
    assert_eq!(ids(r#"{"items":[{"id":"i"}],"environments":[{"id":"e"}]}"#), ["e"]);
    assert_eq!(ids(r#"{"environments":[{"id":"e"}],"items":[{"id":"i"}]}"#), ["e"]);
    for empty in ["null", "{}", r#"{"environments":null}"#, "[]"] {
        assert!(ids(empty).is_empty(), "{empty}");
    }
    // One environment that is not one is an error, not a silently empty list.
    let bad = r#"{"environments":[{"id":"a"},{"id":["not","text"]}]}"#;
    let error = serde_json::from_str::<EnvironmentList>(bad).unwrap_err().to_string();
    assert!(error.contains("invalid type"), "{error}");
    assert!(serde_json::from_str::<EnvironmentList>("7").is_err());
    let repositories: RepositoryList =
        serde_json::from_str(r#"{"repos":[{"id":"1","repository_full_name":"acme/api"}]}"#).unwrap();
    assert_eq!(repositories.0.len(), 1);
}

#[test]
fn a_task_read_without_history_is_the_whole_task_with_its_turns_lightened() {
    let text = example("wham-examples_task-bundle.json");
    let mut whole: TaskBundle = serde_json::from_str(&text).unwrap();
    // The capture has history to skip: log lines on its current turn.
    assert!(whole.current_assistant_turn.as_ref().is_some_and(|turn| turn.logs.is_some()));
    for turn in [&mut whole.current_user_turn, &mut whole.current_assistant_turn, &mut whole.current_diff_task_turn] {
        if let Some(turn) = turn.as_mut() {
            *turn = turn.without_history();
        }
    }
    let light: TaskBundle = decode_without_history(&text).unwrap();
    assert_eq!(light, whole);

    // History of any shape is read past; everything else is still checked.
    let mut odd: Value = serde_json::from_str(&text).unwrap();
    odd["current_assistant_turn"]["thread_events"] = serde_json::json!(17);
    odd["current_assistant_turn"]["logs"] = serde_json::json!({ "logs": [null, [1, {}]] });
    let odd = odd.to_string();
    assert!(serde_json::from_str::<TaskBundle>(&odd).is_err(), "read whole, the odd history is refused");
    assert_eq!(decode_without_history::<TaskBundle>(&odd).unwrap(), whole);
    let mut broken: Value = serde_json::from_str(&text).unwrap();
    broken["current_assistant_turn"]["id"] = serde_json::json!({ "not": "an id" });
    assert!(decode_without_history::<TaskBundle>(&broken.to_string()).is_err());

    // Only that call skips: a read afterwards has the history again.
    let again: TaskBundle = serde_json::from_str(&text).unwrap();
    assert!(again.current_assistant_turn.is_some_and(|turn| turn.logs.is_some()));
}

#[test]
fn a_turn_read_without_logs_keeps_its_thread_events_and_all_else() {
    // The captured turn with a log line and a thread event (a long turn has thousands).
    let mut json: Value = serde_json::from_str(&example("wham-examples_task-turn-detail.json")).unwrap();
    json["turn"]["logs"]["logs"] =
        serde_json::json!([{ "key": { "type": "stdout" }, "line": "test case 00001 ... ok" }]);
    json["turn"]["thread_events"] = serde_json::json!({ "events": [
        { "method": "item/completed", "params": { "item": { "type": "agentMessage", "id": "m1", "text": "Done." } } }
    ] });
    let text = json.to_string();
    let whole: TurnResponse = serde_json::from_str(&text).unwrap();
    assert!(whole.turn.logs.as_ref().is_some_and(|logs| !logs.logs.is_empty()));
    let light: TurnResponse = decode_without_logs(&text).unwrap();
    assert_eq!(light.turn.logs, None);
    assert_eq!(light.turn.thread_events, whole.turn.thread_events);
    let mut expected = whole.clone();
    expected.turn.logs = None;
    assert_eq!(light, expected);

    // Logs of any shape are read past; a turn that is not one is still refused.
    let mut odd = json.clone();
    odd["turn"]["logs"] = serde_json::json!([1, "two", { "logs": 3 }]);
    assert!(serde_json::from_str::<TurnResponse>(&odd.to_string()).is_err());
    assert_eq!(decode_without_logs::<TurnResponse>(&odd.to_string()).unwrap(), expected);
    let mut broken = json.clone();
    broken["turn"]["thread_events"] = serde_json::json!(17);
    assert!(decode_without_logs::<TurnResponse>(&broken.to_string()).is_err(), "thread events are still read");

    // The skipping ends with the call, a failed one too.
    assert!(serde_json::from_str::<TurnResponse>(&text).unwrap().turn.logs.is_some());
}

#[test]
fn an_environments_machine_reads_in_both_shapes_it_comes_in() {
    // The captured example: a `limits` object in gigabytes.
    let text = example("wham-examples_environment-with-creator.json");
    let captured: Value = serde_json::from_str(&text).unwrap();
    let machine = Machine::from_detail(&captured["machine"]);
    assert_eq!(machine.label.as_deref(), Some("Universal"));
    assert_eq!(machine.specs(), "8 CPU · 32 GB memory");
    // The schema's shape: flat limits in megabytes, `id` for the machine's id.
    let flat = serde_json::json!({
        "id": "wham-public/wham-universal", "label": "Universal", "cpu_limit": 4,
        "memory_limit_mb": 16384, "disk_limit_mb": 1536, "image": null
    });
    let machine = Machine::from_detail(&flat);
    assert_eq!(machine.machine_id, "wham-public/wham-universal");
    assert_eq!(machine.specs(), "4 CPU · 16 GB memory · 1.5 GB disk");
    // Nonsense is left out, not an error.
    let odd = serde_json::json!({"label": 7, "limits": {"cpu": -1, "memory_mb": "lots", "disk_gb": 0.25}});
    assert_eq!(Machine::from_detail(&odd).specs(), "256 MB disk");
    assert_eq!(Machine::from_detail(&Value::Null).specs(), "");
}
