//! Realistic content for seeded tasks and simulated turns: prompts, titles, agent messages with
//! citations, unified diffs of real size, partial repository snapshots, worklogs and logs.

use crate::rng::Rng;

/// A kind of job people give the agent, with the words and files that go with it.
pub struct Scenario {
    pub prompt: &'static str,
    pub title: &'static str,
    pub files: &'static [&'static str],
    pub summary: &'static str,
    pub test_command: &'static str,
}

/// `[hostile]` in a prompt: an agent steered by a malicious repository. Everything it writes
/// tries to break out: markdown with script and `javascript:` links, citations that climb out of
/// the repository, bidi controls and zero-width characters in the title and paths, and (see
/// [`HOSTILE_DIFF`]) a diff that would end a heredoc. The page must show it all inert.
pub static HOSTILE: Scenario = Scenario {
    prompt: "[hostile] Review the input parser.",
    title: "Fix \u{202e}lanif\u{202c} input\u{200b} parser",
    files: &["src/pars\u{202e}sr.rs", "src/input.rs"],
    summary: "Done. <script>window.__pwned = 'script'</script><img src=x onerror=\"window.__pwned='img'\"> \
              [Open the report](javascript:window.__pwned='link') and [this](java\tscript:window.__pwned='tab'). \
              See 【F:../../../other-org/secrets/blob/main/keys.txt†L1-L2】 and 【F:src/a) [x](javascript:alert(1)†L1】.",
    test_command: "npm test` <b>bold</b>",
};

/// Lines the hostile agent adds to its diff: a line that would end an `EOF` heredoc, carriage returns
/// that make a terminal see such a line, and a "Trojan Source" bidi override.
pub const HOSTILE_DIFF: &str = "diff --git a/notes.txt b/notes.txt\n--- a/notes.txt\n+++ b/notes.txt\n\
    @@ -1,1 +1,4 @@\n keep\n+EOF\n+ok\rEOF\rtouch pwned-by-paste\r\n+if (admin\u{202e} \u{2066}// check\u{2069}) {\n";

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        prompt: "The linux release job fails about one run in five with a timeout in the integration suite. Find the flake and fix it.",
        title: "Fix flaky integration test timeout in release job",
        files: &["tests/integration/server_test.go", "internal/server/listener.go"],
        summary: "The integration server bound to a fixed port, so parallel jobs raced for it. It now binds to port 0 and the test reads the chosen port back.",
        test_command: "go test ./... -race",
    },
    Scenario {
        prompt: "Consolidate the binary candidate list into a reusable helper and use it from both the installer and the doctor command.",
        title: "Consolidate binary candidates into a shared helper",
        files: &["src/install/candidates.ts", "src/commands/doctor.ts", "src/install/index.ts"],
        summary: "Both call sites built the same list of candidate paths by hand. A `binaryCandidates()` helper now owns the list and both use it.",
        test_command: "npm test",
    },
    Scenario {
        prompt: "Add pagination to the /api/projects endpoint. Keep the old response shape for clients that send no page parameters.",
        title: "Paginate the projects endpoint",
        files: &["app/api/projects.py", "app/api/pagination.py", "tests/test_projects.py"],
        summary: "`GET /api/projects` accepts `cursor` and `limit`; without them it answers the full list as before.",
        test_command: "pytest -q",
    },
    Scenario {
        prompt: "Why does `cargo build` recompile the whole workspace after every `git checkout`? Explain, don't change code.",
        title: "Explain full rebuilds after checkout",
        files: &["build.rs", "Cargo.toml"],
        summary: "`build.rs` prints `rerun-if-changed=.git/HEAD`, so every checkout invalidates the build script and everything that depends on its output.",
        test_command: "cargo build -v",
    },
    Scenario {
        prompt: "Upgrade the date handling from moment to date-fns across the dashboard.",
        title: "Replace moment with date-fns in the dashboard",
        files: &["src/dashboard/format.ts", "src/dashboard/Chart.tsx", "package.json"],
        summary: "All twelve uses of moment were replaced with date-fns equivalents; the bundle shrinks by 61 kB gzipped.",
        test_command: "npm run test -- --run",
    },
    Scenario {
        prompt: "The retry loop in the webhook sender never gives up. Add exponential backoff with a cap and a maximum number of attempts.",
        title: "Bound webhook retries with exponential backoff",
        files: &["lib/webhooks/sender.rb", "spec/webhooks/sender_spec.rb"],
        summary: "Retries now back off exponentially from 1 s to at most 5 minutes and stop after 8 attempts, logging the final failure.",
        test_command: "bundle exec rspec",
    },
    Scenario {
        prompt: "Add a dark mode to the settings page that follows the system preference.",
        title: "Add system-following dark mode to settings",
        files: &["src/styles/theme.css", "src/settings/SettingsPage.tsx"],
        summary: "Colours moved to CSS custom properties with a `prefers-color-scheme: dark` block; the settings page gained a theme selector.",
        test_command: "npm test",
    },
    Scenario {
        prompt: "Memory grows without bound in the cache warmer. Find the leak.",
        title: "Fix unbounded growth in cache warmer",
        files: &["src/cache/warmer.rs", "src/cache/mod.rs"],
        summary: "Every warm cycle pushed its handles into a Vec that was never drained. The warmer now keeps only the current cycle's handles.",
        test_command: "cargo test -p cache",
    },
    Scenario {
        prompt: "Write unit tests for the CSV importer's edge cases: quoted newlines, BOMs, empty trailing columns.",
        title: "Test CSV importer edge cases",
        files: &["importer/csv_reader.py", "tests/test_csv_reader.py"],
        summary: "Added 14 tests. Two found bugs: a BOM became part of the first header, and a trailing empty column was dropped. Both are fixed.",
        test_command: "pytest tests/test_csv_reader.py -q",
    },
    Scenario {
        prompt: "Rename the `userId` field to `accountId` throughout the billing module, including the database migration.",
        title: "Rename userId to accountId in billing",
        files: &["billing/models.go", "billing/handlers.go", "migrations/0042_rename_user_id.sql"],
        summary: "Renamed the field in the model, handlers and JSON tags, and added a migration that renames the column in place.",
        test_command: "go test ./billing/...",
    },
];

pub const COMMENTARY: &[&str] = &[
    "Reading the repository layout to find where this lives.",
    "Searching for the call sites.",
    "Running the existing tests to see the current state.",
    "The failure reproduces locally; narrowing it down.",
    "Making the change and updating the affected tests.",
    "Running the full test suite again.",
];

/// A file's lines, generated so that diffs and previews look like code.
pub fn file_lines(rng: &mut Rng, path: &str, count: usize) -> Vec<String> {
    let comment = comment_prefix(path);
    let mut lines = Vec::with_capacity(count);
    let names = ["config", "request", "handler", "result", "buffer", "entry", "client", "cursor", "retry", "limit"];
    let mut function = 0;
    while lines.len() < count {
        let name = rng.pick(&names);
        function += 1;
        lines.push(format!("{comment} Handles the {name} step {function}."));
        lines.push(function_header(path, &format!("process_{name}_{function}")));
        for step in 0..rng.range(2, 6) {
            let other = rng.pick(&names);
            lines.push(format!("    {}", statement(path, name, other, step)));
        }
        lines.push(function_footer(path).to_string());
        lines.push(String::new());
    }
    lines.truncate(count);
    lines
}

fn comment_prefix(path: &str) -> &'static str {
    if path.ends_with(".py") || path.ends_with(".rb") || path.ends_with(".toml") || path.ends_with(".sql") {
        if path.ends_with(".sql") {
            "--"
        } else {
            "#"
        }
    } else {
        "//"
    }
}

fn function_header(path: &str, name: &str) -> String {
    match path.rsplit('.').next().unwrap_or("") {
        "py" => format!("def {name}(value):"),
        "rb" => format!("def {name}(value)"),
        "go" => format!("func {name}(value int) int {{"),
        "rs" => format!("fn {name}(value: u64) -> u64 {{"),
        "sql" => format!("-- step {name}"),
        _ => format!("export function {name}(value: number): number {{"),
    }
}

fn function_footer(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "py" => "    return value",
        "rb" => "end",
        "sql" => "",
        _ => "}",
    }
}

fn statement(path: &str, name: &str, other: &str, step: u64) -> String {
    match path.rsplit('.').next().unwrap_or("") {
        "py" | "rb" => format!("value = {other}_{step}(value, {name}={step})"),
        "go" => format!("value = {other}{step}(value) // {name}"),
        "rs" => format!("let value = {other}_{step}(value); // {name}"),
        "sql" => format!("UPDATE {name} SET {other} = {step};"),
        _ => format!("value = {other}{step}(value); // {name}"),
    }
}

/// A unified diff touching the scenario's files, sized between `min_lines` and `max_lines` of
/// changes, with its counts `(diff, files, added, removed)`.
pub fn unified_diff(rng: &mut Rng, files: &[&str], size: usize) -> (String, u64, u64, u64) {
    let mut diff = String::new();
    let (mut added, mut removed) = (0u64, 0u64);
    for path in files {
        let old_lines = file_lines(rng, path, size.max(20));
        diff.push_str(&format!(
            "diff --git a/{path} b/{path}\nindex {}..{} 100644\n--- a/{path}\n+++ b/{path}\n",
            rng.hex(7),
            rng.hex(7)
        ));
        let hunk_count = (size / 40).clamp(1, 12);
        let stride = old_lines.len() / hunk_count;
        // Lines this file gained so far: where its next hunk starts on the new side. (Counted
        // per file: the totals across files made the start underflow for some seeds.)
        let mut shift: i64 = 0;
        for hunk in 0..hunk_count {
            let start = hunk * stride + rng.below((stride / 2).max(1) as u64) as usize;
            let context_before: Vec<&String> = old_lines.iter().skip(start).take(3).collect();
            let removed_lines: Vec<&String> = old_lines.iter().skip(start + 3).take(rng.range(0, 3) as usize).collect();
            let added_count = rng.range(1, 6) as usize;
            let context_after: Vec<&String> = old_lines.iter().skip(start + 3 + removed_lines.len()).take(3).collect();
            let old_count = context_before.len() + removed_lines.len() + context_after.len();
            let new_count = context_before.len() + added_count + context_after.len();
            diff.push_str(&format!(
                "@@ -{},{} +{},{} @@\n",
                start + 1,
                old_count,
                (start as i64 + 1 + shift).max(1),
                new_count
            ));
            for line in &context_before {
                diff.push_str(&format!(" {line}\n"));
            }
            for line in &removed_lines {
                diff.push_str(&format!("-{line}\n"));
            }
            for index in 0..added_count {
                diff.push_str(&format!("+{}\n", added_line(path, hunk, index)));
            }
            for line in &context_after {
                diff.push_str(&format!(" {line}\n"));
            }
            added += added_count as u64;
            removed += removed_lines.len() as u64;
            shift += added_count as i64 - removed_lines.len() as i64;
        }
    }
    (diff, files.len() as u64, added, removed)
}

/// A diff adding `lines` lines in new files of 1,000 lines each: `(diff, files, added)`.
pub fn big_diff(lines: usize) -> (String, u64, u64) {
    let mut diff = String::with_capacity(lines * 48);
    let files = lines.div_ceil(1000);
    for file in 0..files {
        let count = (lines - file * 1000).min(1000);
        let path = format!("src/generated/table_{file:03}.rs");
        diff.push_str(&format!(
            "diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{count} @@\n"
        ));
        for line in 0..count {
            diff.push_str(&format!("+pub const ENTRY_{file}_{line}: u32 = {};\n", file * 1000 + line));
        }
    }
    (diff, files as u64, lines as u64)
}

/// A line `length` characters long (at least its ending): words, then `END-OF-LONG-LINE`.
pub fn long_line(length: usize) -> String {
    const END: &str = "END-OF-LONG-LINE";
    let mut line = String::with_capacity(length.max(END.len()));
    while line.len() + END.len() < length {
        line.push_str(["lorem ", "ipsum ", "dolor ", "sit ", "amet "][line.len() % 5]);
    }
    line.truncate(length.saturating_sub(END.len()));
    line.push_str(END);
    line
}

fn added_line(path: &str, hunk: usize, index: usize) -> String {
    match path.rsplit('.').next().unwrap_or("") {
        "py" | "rb" => format!("    value = checked_step(value, attempt={hunk}, index={index})"),
        "sql" => {
            format!("ALTER TABLE billing RENAME COLUMN user_id_{index} TO account_id_{index};")
        }
        "rs" => format!("    let value = checked_step(value, {hunk}, {index})?;"),
        _ => format!("    value = checkedStep(value, {hunk}, {index});"),
    }
}

/// Log lines of a turn: setup, then the test run.
pub fn log_lines(scenario: &Scenario) -> Vec<String> {
    vec![
        "Cloning repository into /workspace".to_string(),
        "Running setup script".to_string(),
        "\u{1b}[32m✓\u{1b}[0m setup finished in 38.2s".to_string(),
        format!("$ {}", scenario.test_command),
        "running 42 tests".to_string(),
        "test result: ok. 42 passed; 0 failed".to_string(),
    ]
}
