//! Builds turns: user turns from a prompt, assistant turns and their finished output (message
//! with citations, repository snapshot, diff, worklog, logs). Used by the seed and by the
//! simulated agent, so seeded and live turns look alike.

use crate::content::{self, Scenario};
use crate::rng::Rng;
use serde_json::json;
use wham_api::models::*;
use wham_api::tolerant::{Extra, Timestamp};

pub fn user_turn(
    id: &str,
    previous_turn_id: Option<&str>,
    input_items: Vec<InputItem>,
    created_at: f64,
    model: &str,
) -> Turn {
    Turn {
        kind: Some("user".into()),
        id: id.to_string(),
        role: Some("user".into()),
        input_items,
        user_model_slug: Some(model.to_string()),
        previous_turn_id: previous_turn_id.map(str::to_string),
        created_at: Some(created_at.into()),
        ..Default::default()
    }
}

/// A fresh, pending assistant turn.
pub fn pending_assistant_turn(
    id: &str,
    user_turn_id: &str,
    attempt: i64,
    environment: &Environment,
    branch: &str,
    created_at: f64,
) -> Turn {
    Turn {
        kind: Some("assistant".into()),
        id: id.to_string(),
        role: Some("assistant".into()),
        attempt_placement: Some(attempt),
        conversation_id: Some(format!("conv-{}", id.rsplit('~').next().unwrap_or(id))),
        latest_event: Some(LatestEvent {
            created: Some(created_at.into()),
            text: Some("Waiting".into()),
            event_type: Some("info".into()),
            extra: Extra::new(),
        }),
        worklog: Some(Worklog::default()),
        turn_status: Some(TurnStatus::Pending),
        pull_request_status: Some("not_created".into()),
        created_at: Some(created_at.into()),
        environment_id: Some(environment.id.clone()),
        // Only the masked copy: a turn's environment is returned with the turn.
        environment: Some(crate::secrets::masked(environment)),
        branch: Some(branch.to_string()),
        base_commit_sha: Some(format!("{:040x}", created_at as u64 * 2_654_435_761)),
        previous_turn_id: Some(user_turn_id.to_string()),
        logs: Some(TurnLogs::default()),
        discarded: Some(false),
        ..Default::default()
    }
}

/// Everything a finished turn produced.
pub struct FinishedOutput {
    pub message: String,
    pub output_items: Vec<OutputItem>,
    pub worklog: Vec<WorklogMessage>,
    pub log_lines: Vec<String>,
    pub diff: Option<OutputDiff>,
}

/// The output of a turn that did the scenario's work. `ask_mode` answers without a diff.
pub fn finished_output(
    rng: &mut Rng,
    scenario: &Scenario,
    ask_mode: bool,
    base_commit: &str,
    created_at: f64,
) -> FinishedOutput {
    let chunk_id = format!("chunk_{}", rng.hex(8));
    let cited_file = scenario.files[0];
    let message = format!(
        "## Summary\n{}\n\n- Changed `{}` and {} other file(s).\n- Kept the public interface unchanged.\n\n## Testing\n✅ `{}` 【{}†L5-L6】\n\nSee 【F:{}†L1-L4】.",
        scenario.summary,
        cited_file,
        scenario.files.len().saturating_sub(1),
        scenario.test_command,
        chunk_id,
        cited_file,
    );
    let mut content_parts = vec![ContentPart::Text(TextPart { text: message.clone(), extra: Extra::new() })];
    content_parts.push(ContentPart::RepoFileCitation(RepoFileCitation {
        path: cited_file.to_string(),
        line_range_start: Some(1),
        line_range_end: Some(4),
        extra: Extra::new(),
    }));
    content_parts.push(ContentPart::TerminalChunkCitation(TerminalChunkCitation {
        terminal_chunk_id: chunk_id,
        line_range_start: Some(5),
        line_range_end: Some(6),
        extra: Extra::new(),
    }));
    let mut output_items = vec![OutputItem::Message(Message {
        role: Some("assistant".into()),
        content: content_parts,
        extra: Extra::new(),
    })];

    let snapshot_lines = content::file_lines(rng, cited_file, 12);
    let mut files = vec![SnapshotFile {
        path: cited_file.to_string(),
        contents: None,
        line_range_contents: vec![LineRangeContent {
            line_range_start: Some(1),
            line_range_end: Some(12),
            content: snapshot_lines,
            contains_end_of_file: Some(false),
            extra: Extra::new(),
        }],
        missing_reason: None,
        extra: Extra::new(),
    }];
    if let Some(other) = scenario.files.get(1) {
        files.push(SnapshotFile {
            path: other.to_string(),
            missing_reason: Some("file_too_large".into()),
            ..Default::default()
        });
    }
    output_items.push(OutputItem::PartialRepoSnapshot(PartialRepoSnapshot { files, extra: Extra::new() }));

    let diff = (!ask_mode).then(|| {
        let size = rng.range(30, 400) as usize;
        let (mut text, mut files_modified, mut lines_added, lines_removed) =
            content::unified_diff(rng, scenario.files, size);
        if std::ptr::eq(scenario, &content::HOSTILE) {
            text.push_str(content::HOSTILE_DIFF);
            files_modified += 1;
            lines_added += 3;
        }
        OutputDiff {
            kind: Some("output_diff".into()),
            repo_id: None,
            base_commit_sha: Some(base_commit.to_string()),
            diff: text,
            files_modified: Some(files_modified),
            lines_added: Some(lines_added),
            lines_removed: Some(lines_removed),
            commit_message: Some(scenario.title.to_string()),
            ..Default::default()
        }
    });
    if let Some(diff) = &diff {
        output_items.push(OutputItem::Pr(PrOutput {
            pr_title: Some(scenario.title.to_string()),
            pr_message: Some(format!("## Summary\n{}\n\n## Testing\n- `{}`", scenario.summary, scenario.test_command)),
            output_diff: Some(diff.clone()),
            extra: Extra::new(),
        }));
    }

    let mut worklog: Vec<WorklogMessage> = content::COMMENTARY
        .iter()
        .take(rng.range(3, content::COMMENTARY.len() as u64) as usize)
        .enumerate()
        .map(|(index, text)| {
            worklog_message(&format!("wl_{index}"), "commentary", text, created_at + index as f64 * 9.0)
        })
        .collect();
    if std::ptr::eq(scenario, &content::HOSTILE) {
        // A channel that would be a class name turning the item into a page overlay.
        worklog.push(worklog_message("wl_hostile", "x dialog-backdrop", "Overlay?", created_at + 70.0));
    }
    worklog.push(worklog_message("wl_final", "final", &message, created_at + 80.0));

    FinishedOutput { message, output_items, worklog, log_lines: content::log_lines(scenario), diff }
}

pub fn worklog_message(id: &str, channel: &str, text: &str, at: f64) -> WorklogMessage {
    WorklogMessage {
        id: Some(id.to_string()),
        author: Some(WorklogAuthor { role: Some("assistant".into()), ..Default::default() }),
        create_time: Some(at.into()),
        update_time: Some(at.into()),
        content: Some(WorklogContent {
            content_type: Some("text".into()),
            text: Some(text.to_string()),
            ..Default::default()
        }),
        status: Some("finished_successfully".into()),
        end_turn: Some(channel == "final"),
        weight: Some(1.0),
        metadata: Some(WorklogMetadata {
            reasoning_status: Some(if channel == "final" { "reasoning_ended" } else { "is_reasoning" }.into()),
            ..Default::default()
        }),
        recipient: Some("all".into()),
        channel: Some(channel.to_string()),
        extra: Extra::new(),
    }
}

/// A turn log entry as the service sends it (`key {type, name, created_at}`, `line`).
pub fn log_entry(line: &str, kind: &str, at: f64) -> LogEntry {
    LogEntry {
        key: Some(LogKey {
            kind: Some(kind.to_string()),
            name: Some(kind.to_lowercase()),
            created_at: Some(Timestamp::Text(rfc3339(at))),
            extra: Extra::new(),
        }),
        line: Some(line.to_string()),
        ..Default::default()
    }
}

/// Applies a finished output to a turn and marks it completed.
pub fn complete(turn: &mut Turn, output: &FinishedOutput, at: f64) {
    turn.output_items = output.output_items.clone();
    turn.worklog = Some(Worklog { messages: output.worklog.clone(), extra: Extra::new() });
    turn.logs = Some(TurnLogs {
        logs: output.log_lines.iter().map(|line| log_entry(line, "UserSetupScript", at)).collect(),
        extra: Extra::new(),
    });
    turn.diff_stats = output.diff.as_ref().map(|diff| DiffStats {
        files_modified: diff.files_modified,
        lines_added: diff.lines_added,
        lines_removed: diff.lines_removed,
        extra: Extra::new(),
    });
    turn.turn_status = Some(TurnStatus::Completed);
    turn.latest_event = Some(LatestEvent {
        created: Some(at.into()),
        text: Some("Completed".into()),
        event_type: Some("info".into()),
        extra: Extra::new(),
    });
}

/// Marks a turn failed with an error block.
pub fn fail(turn: &mut Turn, code: &str, message: &str, at: f64) {
    turn.turn_status = Some(TurnStatus::Failed);
    turn.error = Some(wham_api::tolerant::TurnError::Structured {
        code: Some(code.to_string()),
        message: Some(message.to_string()),
        extra: Extra::new(),
    });
    turn.latest_event = Some(LatestEvent {
        created: Some(at.into()),
        text: Some("Failed".into()),
        event_type: Some("error".into()),
        extra: Extra::new(),
    });
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SS.ffffff` (the service's naive UTC form).
pub fn rfc3339(seconds: f64) -> String {
    let whole = seconds.floor() as i64;
    let micros = ((seconds - whole as f64) * 1_000_000.0).round() as i64;
    let days = whole.div_euclid(86_400);
    let second_of_day = whole.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}",
        second_of_day / 3600,
        (second_of_day % 3600) / 60,
        second_of_day % 60
    )
}

/// The UTC date (`yyyy-mm-dd`) of Unix seconds.
pub fn date_of(seconds: f64) -> String {
    let (year, month, day) = civil_from_days((seconds.floor() as i64).div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// Howard Hinnant's inverse of days-from-civil.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// A pull request record for a turn.
pub fn pull_request(
    id: &str,
    turn_id: &str,
    number: u64,
    repo: &str,
    branch: &str,
    title: &str,
    draft: bool,
) -> ExternalPullRequest {
    ExternalPullRequest {
        id: id.to_string(),
        assistant_turn_id: Some(turn_id.to_string()),
        pull_request: PullRequest {
            number: Some(number),
            url: Some(format!("https://github.com/{repo}/pull/{number}")),
            state: Some("open".into()),
            merged: Some(false),
            mergeable: Some(true),
            draft: Some(draft),
            title: Some(title.to_string()),
            base: Some("main".into()),
            head: Some(branch.to_string()),
            user: Some(
                json!({"login": "codex", "name": "Codex", "email": null, "avatar_url": "https://example.com/codex.png", "id": 1}),
            ),
            ..Default::default()
        },
        codex_updated_sha: Some(format!("{:040x}", number * 48_271)),
        extra: Extra::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_timestamps_like_the_service() {
        assert_eq!(rfc3339(0.0), "1970-01-01T00:00:00.000000");
        let text = rfc3339(1758697499.648738);
        assert_eq!(&text[..19], "2025-09-24T07:04:59");
        assert!((wham_api::tolerant::parse_rfc3339_seconds(&text).unwrap() - 1758697499.648738).abs() < 1e-3);
    }
}
