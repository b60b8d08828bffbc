//! The simulated agent. A turn's work is a *plan*: a list of timed steps (status changes, log
//! lines, commentary, a plan, commands with streaming output, a streamed final message, the
//! diff, completion). Applying a step changes the turn exactly as the real service would show
//! it on a fresh GET and appends the matching stream events, so a stream and a GET always agree.
//!
//! Seeded turns apply their whole plan at once; live turns (`POST /wham/tasks`) apply it over
//! time in a background task, `--speed` times faster than real time.

use crate::content::{self, Scenario};
use crate::rng::Rng;
use crate::state::TaskRecord;
use crate::turns::{self, FinishedOutput};
use crate::AppState;
use serde_json::{json, Value};
use std::time::Duration;
use wham_api::models::*;
use wham_api::sse::StreamItem;
use wham_api::tolerant::Extra;

/// One thing the agent does.
#[derive(Debug, Clone)]
pub enum Action {
    Status { status: TurnStatus, text: String },
    Log { line: String },
    Title { title: String },
    Commentary { id: String, text: String },
    Plan { steps: Vec<(String, String)> },
    CommandStart { id: String, command: String },
    CommandOutput { id: String, line: String },
    CommandEnd { id: String, command: String, exit_code: i32 },
    MessageStart { id: String },
    MessageDelta { id: String, delta: String },
    MessageEnd { id: String, text: String },
    Diff { diff: String },
    Finish,
    Fail { code: String, message: String },
}

/// A step: wait `delay` simulated seconds, then apply `action`.
#[derive(Debug, Clone)]
pub struct Step {
    pub delay: f64,
    pub action: Action,
}

/// What a plan is about; the finished output is computed up front so the final message, diff
/// and citations are consistent.
pub struct Plan {
    pub steps: Vec<Step>,
    pub output: FinishedOutput,
}

/// Reads `[flood N]` from a prompt (at most 100,000 lines).
fn flood_count(prompt: &str) -> Option<usize> {
    tag_count(prompt, "[flood")
}

/// Reads `[tag N]` from a prompt: N, at most 100,000 (2,000 when N is not a number).
fn tag_count(prompt: &str, tag: &str) -> Option<usize> {
    let start = prompt.find(tag)? + tag.len();
    let end = prompt[start..].find(']')? + start;
    let count = prompt[start..end].trim().parse().unwrap_or(2000usize);
    Some(count.min(100_000))
}

/// `[bigdiff N]` in a prompt: the turn's diff adds N lines in new files (1,000 lines a file),
/// to measure the diff viewer (`cargo xtask bench`).
fn make_big_diff(output: &mut FinishedOutput, lines: usize) {
    let (text, files, added) = content::big_diff(lines);
    let Some(diff) = output.diff.as_mut() else { return };
    diff.diff = text;
    diff.files_modified = Some(files);
    diff.lines_added = Some(added);
    diff.lines_removed = Some(0);
    let big = diff.clone();
    for item in &mut output.output_items {
        if let OutputItem::Pr(pr) = item {
            pr.output_diff = Some(big.clone());
        }
    }
}

/// `[longline N]` in a prompt: the turn's diff adds a file of one line N characters long, and
/// its logs a line as long, each ending in `END-OF-LONG-LINE` (a minified file, a long log
/// line: the viewers must let a person read to the end).
fn add_long_line(output: &mut FinishedOutput, length: usize) {
    let line = content::long_line(length);
    output.log_lines.push(line.clone());
    let Some(diff) = output.diff.as_mut() else { return };
    let path = "docs/wide.txt";
    diff.diff.push_str(&format!(
        "diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,1 @@\n+{line}\n"
    ));
    diff.files_modified = Some(diff.files_modified.unwrap_or(0) + 1);
    diff.lines_added = Some(diff.lines_added.unwrap_or(0) + 1);
    let diff = diff.clone();
    for item in &mut output.output_items {
        if let OutputItem::Pr(pr) = item {
            pr.output_diff = Some(diff.clone());
        }
    }
}

/// Builds the plan for a turn. A prompt containing `[fail]` makes the turn fail after setup
/// (so tests and people can see a failure on demand).
pub fn plan(
    rng: &mut Rng,
    scenario: &Scenario,
    prompt: &str,
    ask_mode: bool,
    title: Option<String>,
    base_commit: &str,
    at: f64,
) -> Plan {
    let mut output = turns::finished_output(rng, scenario, ask_mode, base_commit, at);
    if let Some(lines) = tag_count(prompt, "[bigdiff") {
        make_big_diff(&mut output, lines);
    }
    if let Some(length) = tag_count(prompt, "[longline") {
        add_long_line(&mut output, length);
    }
    let mut steps = Vec::new();
    let mut step = |delay: f64, action: Action| steps.push(Step { delay, action });
    step(0.8, Action::Status { status: TurnStatus::InProgress, text: "Starting container".into() });
    for line in ["Cloning repository into /workspace", "Running setup script"] {
        step(0.4, Action::Log { line: line.into() });
    }
    if let Some(title) = title {
        step(0.5, Action::Title { title });
    }
    if prompt.contains("[fail]") {
        step(0.6, Action::Log { line: "npm ERR! code ERESOLVE".into() });
        step(
            0.3,
            Action::Fail {
                code: "setup_script_failed".into(),
                message: "The setup script exited with status 1: npm ERR! code ERESOLVE".into(),
            },
        );
        return Plan { steps, output };
    }
    step(0.4, Action::Log { line: "\u{1b}[32m✓\u{1b}[0m setup finished".into() });
    let first_status = if std::ptr::eq(scenario, &content::HOSTILE) { "x dialog-backdrop" } else { "in_progress" };
    step(
        0.5,
        Action::Plan {
            steps: vec![
                ("Find the relevant code".into(), first_status.into()),
                ("Make the change".into(), "pending".into()),
                ("Run the tests".into(), "pending".into()),
            ],
        },
    );
    let commentary_count = rng.range(2, 4) as usize;
    for (index, text) in content::COMMENTARY.iter().take(commentary_count).enumerate() {
        step(0.7, Action::Commentary { id: format!("wl_{index}"), text: text.to_string() });
    }
    let search = format!(
        "rg -n \"{}\" .",
        scenario.files[0].rsplit('/').next().unwrap_or("main").split('.').next().unwrap_or("main")
    );
    step(0.3, Action::CommandStart { id: "cmd_1".into(), command: search.clone() });
    for file in scenario.files {
        step(0.2, Action::CommandOutput { id: "cmd_1".into(), line: format!("{file}:12: // referenced here") });
    }
    step(0.2, Action::CommandEnd { id: "cmd_1".into(), command: search, exit_code: 0 });
    step(
        0.5,
        Action::Plan {
            steps: vec![
                ("Find the relevant code".into(), "completed".into()),
                ("Make the change".into(), "completed".into()),
                ("Run the tests".into(), "in_progress".into()),
            ],
        },
    );
    step(0.3, Action::CommandStart { id: "cmd_2".into(), command: scenario.test_command.into() });
    for line in &output.log_lines[3..] {
        step(0.3, Action::CommandOutput { id: "cmd_2".into(), line: line.clone() });
    }
    // `[flood N]` in the prompt: N more output lines, 1,000 a second at --speed 1 (two stream
    // events per line: 2,000 events a second), or `[rate R]` events a second, to measure the
    // page under a burst of events (`cargo xtask bench`).
    if let Some(count) = flood_count(prompt) {
        let lines_per_second = tag_count(prompt, "[rate").map_or(1000.0, |events| (events as f64 / 2.0).max(0.5));
        // Lines come in batches at least 4 ms apart: timers are not finer than a millisecond.
        let batch = ((lines_per_second * 0.004).ceil() as usize).max(1);
        let pause = batch as f64 / lines_per_second;
        for index in 0..count {
            let delay = if index % batch == 0 { pause } else { 0.0 };
            step(delay, Action::CommandOutput { id: "cmd_2".into(), line: format!("test case {index:05} ... ok") });
        }
    }
    step(0.2, Action::CommandEnd { id: "cmd_2".into(), command: scenario.test_command.into(), exit_code: 0 });
    if let Some(diff) = &output.diff {
        step(0.3, Action::Diff { diff: diff.diff.clone() });
    }
    step(
        0.2,
        Action::Plan {
            steps: vec![
                ("Find the relevant code".into(), "completed".into()),
                ("Make the change".into(), "completed".into()),
                ("Run the tests".into(), "completed".into()),
            ],
        },
    );
    step(0.3, Action::MessageStart { id: "msg_final".into() });
    let words: Vec<&str> = output.message.split_inclusive(' ').collect();
    for chunk in words.chunks(6) {
        step(0.08, Action::MessageDelta { id: "msg_final".into(), delta: chunk.concat() });
    }
    step(0.1, Action::MessageEnd { id: "msg_final".into(), text: output.message.clone() });
    step(0.3, Action::Finish);
    Plan { steps, output }
}

fn next_id(record: &TaskRecord, turn_id: &str) -> String {
    (record.events.get(turn_id).map(Vec::len).unwrap_or(0) + 1).to_string()
}

fn push(record: &mut TaskRecord, turn_id: &str, item: StreamItem) {
    record.events.entry(turn_id.to_string()).or_default().push(item);
}

/// Appends a `thread_event` both to the turn's `thread_events` and to its stream.
fn thread_event(record: &mut TaskRecord, turn_id: &str, method: &str, params: Value) {
    let event = ThreadEvent::new(method, params);
    if let Some(node) = record.turns.get_mut(turn_id) {
        node.turn.thread_events.get_or_insert_with(Default::default).events.push(event.clone());
    }
    let item = StreamItem {
        id: Some(next_id(record, turn_id)),
        item_type: "thread_event".into(),
        event: Some(event),
        ..Default::default()
    };
    push(record, turn_id, item);
}

/// Appends an item in the table's form `{id, item_type, timestamp, payload}`; a
/// `task_turn_event` also carries its payload under `task_turn_event` for clients of that form.
fn table_event(record: &mut TaskRecord, turn_id: &str, item_type: &str, payload: Value, at: f64) {
    let item = StreamItem {
        id: Some(next_id(record, turn_id)),
        item_type: item_type.into(),
        timestamp: Some(at.into()),
        task_turn_event: (item_type == "task_turn_event").then(|| payload.clone()),
        payload: Some(payload),
        ..Default::default()
    };
    push(record, turn_id, item);
}

fn log_event(record: &mut TaskRecord, turn_id: &str, line: &str, at: f64) {
    let entry = turns::log_entry(line, "UserSetupScript", at);
    if let Some(node) = record.turns.get_mut(turn_id) {
        node.turn.logs.get_or_insert_with(Default::default).logs.push(entry.clone());
    }
    let item = StreamItem {
        id: Some(next_id(record, turn_id)),
        item_type: "log".into(),
        key: entry.key,
        line: entry.line,
        ..Default::default()
    };
    push(record, turn_id, item);
}

fn set_latest(turn: &mut Turn, text: &str, at: f64) {
    turn.latest_event = Some(LatestEvent {
        created: Some(at.into()),
        text: Some(text.into()),
        event_type: Some("info".into()),
        extra: Extra::new(),
    });
}

/// A one-line status ("Running npm test"): the turn's `latest_event`, and a `task_turn_event`
/// on the stream, as the service's status lines.
fn status_line(record: &mut TaskRecord, turn_id: &str, text: &str, at: f64) {
    let status = record.turns.get_mut(turn_id).map(|node| {
        set_latest(&mut node.turn, text, at);
        node.turn.status()
    });
    let status = status.unwrap_or_default();
    table_event(record, turn_id, "task_turn_event", json!({"text": text, "turn_status": status.as_str()}), at);
}

/// Applies one step to the task at time `at`.
pub fn apply(record: &mut TaskRecord, turn_id: &str, action: &Action, output: &FinishedOutput, at: f64) {
    record.updated_at = record.updated_at.max(at);
    match action {
        Action::Status { status, text } => {
            if let Some(node) = record.turns.get_mut(turn_id) {
                node.turn.turn_status = Some(status.clone());
                set_latest(&mut node.turn, text, at);
            }
            if *status == TurnStatus::InProgress {
                thread_event(record, turn_id, "turn/started", json!({"turn": {"id": turn_id, "status": "inProgress"}}));
            }
            table_event(record, turn_id, "task_turn_event", json!({"text": text, "turn_status": status.as_str()}), at);
        }
        Action::Log { line } => log_event(record, turn_id, line, at),
        Action::Title { title } => {
            record.task.title = title.clone();
            record.task.has_generated_title = true;
            table_event(record, turn_id, "task_title_generated", json!({"title": title}), at);
        }
        Action::Commentary { id, text } => {
            let message = turns::worklog_message(id, "commentary", text, at);
            if let Some(node) = record.turns.get_mut(turn_id) {
                node.turn.worklog.get_or_insert_with(Default::default).messages.push(message.clone());
            }
            status_line(record, turn_id, text, at);
            thread_event(
                record,
                turn_id,
                "item/completed",
                json!({"item": {"id": format!("rs_{id}"), "type": "reasoning", "summary": [text], "content": []}}),
            );
            table_event(record, turn_id, "work_log_message", serde_json::to_value(&message).unwrap_or(Value::Null), at);
        }
        Action::Plan { steps } => {
            let plan: Vec<Value> = steps.iter().map(|(step, status)| json!({"step": step, "status": status})).collect();
            thread_event(record, turn_id, "turn/plan/updated", json!({"turnId": turn_id, "plan": plan}));
        }
        Action::CommandStart { id, command } => {
            status_line(record, turn_id, &format!("Running {command}"), at);
            thread_event(
                record,
                turn_id,
                "item/started",
                json!({"item": {"id": id, "type": "commandExecution", "command": command, "status": "inProgress", "aggregatedOutput": ""}}),
            );
        }
        Action::CommandOutput { id, line } => {
            thread_event(
                record,
                turn_id,
                "item/commandExecution/outputDelta",
                json!({"itemId": id, "delta": format!("{line}\n")}),
            );
            log_event(record, turn_id, line, at);
        }
        Action::CommandEnd { id, command, exit_code } => {
            let aggregated: String = record
                .turns
                .get(turn_id)
                .and_then(|node| node.turn.thread_events.as_ref())
                .map(|events| {
                    events
                        .events
                        .iter()
                        .filter(|event| {
                            event.method == "item/commandExecution/outputDelta" && event.item_id() == Some(id)
                        })
                        .filter_map(|event| event.delta())
                        .collect()
                })
                .unwrap_or_default();
            thread_event(
                record,
                turn_id,
                "item/completed",
                json!({"item": {"id": id, "type": "commandExecution", "command": command, "status": "completed", "exitCode": exit_code, "aggregatedOutput": aggregated}}),
            );
        }
        Action::MessageStart { id } => {
            status_line(record, turn_id, "Writing the answer", at);
            thread_event(
                record,
                turn_id,
                "item/started",
                json!({"item": {"id": id, "type": "agentMessage", "text": ""}}),
            );
        }
        Action::MessageDelta { id, delta } => {
            thread_event(record, turn_id, "item/agentMessage/delta", json!({"itemId": id, "delta": delta}));
        }
        Action::MessageEnd { id, text } => {
            let message = turns::worklog_message("wl_final", "final", text, at);
            if let Some(node) = record.turns.get_mut(turn_id) {
                node.turn.worklog.get_or_insert_with(Default::default).messages.push(message.clone());
            }
            thread_event(
                record,
                turn_id,
                "item/completed",
                json!({"item": {"id": id, "type": "agentMessage", "text": text}}),
            );
            table_event(record, turn_id, "work_log_message", serde_json::to_value(&message).unwrap_or(Value::Null), at);
        }
        Action::Diff { diff } => {
            thread_event(record, turn_id, "turn/diff/updated", json!({"turnId": turn_id, "diff": diff}));
        }
        Action::Finish => {
            if let Some(node) = record.turns.get_mut(turn_id) {
                // Keep the streamed worklog and logs; add the output items and the final status.
                let worklog = node.turn.worklog.clone();
                let logs = node.turn.logs.clone();
                turns::complete(&mut node.turn, output, at);
                node.turn.worklog = worklog;
                node.turn.logs = logs;
            }
            thread_event(record, turn_id, "turn/completed", json!({"turn": {"id": turn_id, "status": "completed"}}));
            table_event(
                record,
                turn_id,
                "task_turn_event",
                json!({"text": "Completed", "turn_status": "completed"}),
                at,
            );
            record.task.has_unread_turn = true;
        }
        Action::Fail { code, message } => {
            if let Some(node) = record.turns.get_mut(turn_id) {
                turns::fail(&mut node.turn, code, message, at);
            }
            thread_event(record, turn_id, "error", json!({"error": {"message": message, "code": code}}));
            thread_event(record, turn_id, "turn/completed", json!({"turn": {"id": turn_id, "status": "failed"}}));
            table_event(record, turn_id, "task_turn_event", json!({"text": "Failed", "turn_status": "failed"}), at);
            record.task.has_unread_turn = true;
        }
    }
    record.refresh_metadata();
}

/// Records that a turn was cancelled: the status change and its stream events.
pub fn cancel(record: &mut TaskRecord, turn_id: &str, at: f64) -> bool {
    let Some(node) = record.turns.get_mut(turn_id) else {
        return false;
    };
    if !node.turn.status().is_active() {
        return false;
    }
    node.turn.turn_status = Some(TurnStatus::Cancelled);
    set_latest(&mut node.turn, "Cancelled", at);
    thread_event(record, turn_id, "turn/completed", json!({"turn": {"id": turn_id, "status": "cancelled"}}));
    table_event(record, turn_id, "task_turn_event", json!({"text": "Cancelled", "turn_status": "cancelled"}), at);
    record.updated_at = record.updated_at.max(at);
    record.refresh_metadata();
    true
}

/// Applies a whole plan at once (seeded turns), spacing the steps' timestamps.
pub fn apply_all(record: &mut TaskRecord, turn_id: &str, plan: &Plan, start: f64) {
    let mut at = start;
    for step in &plan.steps {
        at += step.delay * 10.0;
        apply(record, turn_id, &step.action, &plan.output, at);
    }
}

/// Runs a plan in the background against the live state. Stops early if the turn stops being
/// active (cancelled) or disappears.
pub fn spawn(state: AppState, task_id: String, turn_id: String, plan: Plan) {
    tokio::spawn(async move {
        // Steps are due at absolute times, so the many tiny delays of a burst do not each round
        // up to the timer's millisecond and slow the burst down.
        let mut due = tokio::time::Instant::now();
        for step in plan.steps {
            let speed = state.config.speed.max(0.001);
            if step.delay > 0.0 {
                due += Duration::from_secs_f64(step.delay / speed);
                tokio::time::sleep_until(due).await;
            }
            let applied = state.mutate(|store| {
                let Some(record) = store.tasks.get_mut(&task_id) else {
                    return false;
                };
                let active = record.turn(&turn_id).map(|turn| turn.status().is_active()).unwrap_or(false);
                if !active {
                    return false;
                }
                apply(record, &turn_id, &step.action, &plan.output, crate::now());
                true
            });
            if !applied {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seconds the flood's lines take, and how many there are.
    fn flood_timing(prompt: &str) -> (f64, usize) {
        let plan = plan(&mut Rng::new(1), &crate::content::SCENARIOS[0], prompt, false, None, "abc", 0.0);
        let flood: Vec<&Step> = plan
            .steps
            .iter()
            .filter(|step| matches!(&step.action, Action::CommandOutput { line, .. } if line.starts_with("test case ")))
            .collect();
        (flood.iter().map(|step| step.delay).sum(), flood.len())
    }

    #[test]
    fn a_flood_comes_at_two_thousand_events_a_second_or_at_the_rate_asked() {
        let (seconds, lines) = flood_timing("Run it. [flood 1000]");
        assert_eq!(lines, 1000);
        assert!((seconds - 1.0).abs() < 1e-9, "{seconds}");
        // 100 events a second: 50 lines a second, one every 20 ms.
        let (seconds, lines) = flood_timing("Run it. [flood 100] [rate 100]");
        assert_eq!(lines, 100);
        assert!((seconds - 2.0).abs() < 1e-9, "{seconds}");
        let (seconds, _) = flood_timing("Run it. [flood 6000] [rate 6000]");
        assert!((seconds - 2.0).abs() < 1e-9, "{seconds}");
    }

    #[test]
    fn a_long_line_reaches_the_diff_and_the_logs_whole() {
        let plan = plan(&mut Rng::new(1), &crate::content::SCENARIOS[0], "Wide. [longline 900]", false, None, "a", 0.0);
        let diff = plan.output.diff.expect("a diff");
        let added = diff.diff.lines().find(|line| line.ends_with("END-OF-LONG-LINE")).expect("the long line");
        assert_eq!(added.len(), 1 + 900);
        assert!(added.starts_with("+lorem ipsum"));
        assert_eq!(plan.output.log_lines.last().map(String::len), Some(900));
        // The diff still reads as a diff, with the new file counted.
        let files = wham_api::diff::parse(&diff.diff).expect("parses");
        assert_eq!(files.last().map(|file| file.path.as_str()), Some("docs/wide.txt"));
        assert_eq!(diff.files_modified, Some(files.len() as u64));
    }
}
