//! `cargo xtask test`: everything CI checks, in order, counting tests; ends with one line
//! `N passed, M failed`.

use crate::{repo_root, tools, Step};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Runs a step, showing its output as it comes and keeping it for counting tests.
fn run_captured(mut step: Step) -> (bool, Vec<String>) {
    println!("\n==> {}", step.name);
    let started = Instant::now();
    let mut child = match step.command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(error) => {
            println!("cannot start: {error}");
            return (false, Vec::new());
        }
    };
    let lines = Arc::new(Mutex::new(Vec::new()));
    let readers: Vec<_> = [
        child.stdout.take().map(|out| Box::new(out) as Box<dyn std::io::Read + Send>),
        child.stderr.take().map(|err| Box::new(err) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let lines = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                println!("{line}");
                lines.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(line);
            }
        })
    })
    .collect();
    for reader in readers {
        let _ = reader.join();
    }
    let ok = child.wait().map(|status| status.success()).unwrap_or(false);
    println!("<== {} {} in {:.0}s", step.name, if ok { "ok" } else { "FAILED" }, started.elapsed().as_secs_f64());
    let lines = std::mem::take(&mut *lines.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    (ok, lines)
}

/// Counts tests reported by cargo test / wasm-bindgen-test (`test result: … N passed; M failed`)
/// and node's test runner (`# pass N`, `# fail M`).
fn count_tests(lines: &[String]) -> Option<(u64, u64)> {
    let mut found = false;
    let (mut passed, mut failed) = (0, 0);
    let number_before = |line: &str, word: &str| -> Option<u64> {
        let index = line.find(word)?;
        line[..index].trim_end().rsplit(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    };
    for line in lines {
        let line = line.trim();
        if line.starts_with("test result:") {
            found = true;
            passed += number_before(line, " passed").unwrap_or(0);
            failed += number_before(line, " failed").unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("# pass ").or_else(|| line.strip_prefix("ℹ pass ")) {
            found = true;
            passed += rest.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("# fail ").or_else(|| line.strip_prefix("ℹ fail ")) {
            failed += rest.trim().parse::<u64>().unwrap_or(0);
        }
    }
    found.then_some((passed, failed))
}

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failures: Vec<String>,
}

impl Tally {
    /// A check (fmt, clippy, build) counts as one; a test step counts its tests.
    fn record(&mut self, name: &str, ok: bool, lines: &[String], is_test_step: bool) {
        let counted = if is_test_step { count_tests(lines) } else { None };
        match counted {
            Some((passed, failed)) => {
                self.passed += passed;
                self.failed += failed;
                if !ok && failed == 0 {
                    self.failed += 1;
                }
            }
            None => {
                if ok {
                    self.passed += 1
                } else {
                    self.failed += 1
                }
            }
        }
        if !ok {
            self.failures.push(name.to_string());
        }
    }
}

/// The app's code, `view!` bodies included, fits in 120 columns: rustfmt and leptosfmt wrap
/// code, but not a long string literal, which this catches.
fn app_line_widths() -> (bool, Vec<String>) {
    const MAX: usize = 120;
    let mut long = Vec::new();
    let mut folders = vec![repo_root().join("src")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (number, line) in text.lines().enumerate() {
                    if line.chars().count() > MAX {
                        long.push(format!("{}:{} is longer than {MAX} columns", path.display(), number + 1));
                    }
                }
            }
        }
    }
    println!("==> the app's lines fit in {MAX} columns: {}", if long.is_empty() { "ok" } else { "FAILED" });
    for line in &long {
        println!("    {line}");
    }
    (long.is_empty(), long)
}

const NATIVE_CLIPPY: &[&str] =
    &["-p", "wham-api", "-p", "wham-model", "-p", "wham-server", "-p", "xtask", "--all-targets"];

/// `cargo clippy <what> -- -D warnings`.
fn clippy(name: &str, what: &[&str]) -> Step {
    Step::new(name, "cargo").arg("clippy").args(what.iter().copied()).args(["--", "-D", "warnings"])
}

pub fn test() -> Result<(), String> {
    let started = Instant::now();
    let mut tally = Tally::default();
    if let Err(error) =
        tools::ensure_build_tools().and_then(|_| tools::ensure_format_tools()).and_then(|_| tools::ensure_browser())
    {
        println!("\nsetup failed: {error}");
        println!("0 passed, 1 failed");
        return Err(error);
    }
    let wasm_target = "wasm32-unknown-unknown";
    let checks: Vec<(Step, bool)> = vec![
        (Step::new("cargo fmt --check", "cargo").args(["fmt", "--all", "--", "--check"]), false),
        (
            Step::new("leptosfmt --check (view! bodies, 120 columns)", "leptosfmt").args([
                "--quiet",
                "--check",
                "--config-file",
                "leptosfmt.toml",
                "src",
                "tests",
            ]),
            false,
        ),
        (clippy("clippy (native: wham-api, wham-model, wham-server, xtask)", NATIVE_CLIPPY), false),
        (clippy("clippy (wasm32: the app)", &["-p", "wham-web", "--target", wasm_target, "--all-targets"]), false),
        (
            clippy(
                "clippy (wasm32: the app split by route)",
                &["-p", "wham-web", "--target", wasm_target, "--features", "split"],
            ),
            false,
        ),
        // The library only: its dev-dependencies (proptest) are native test tools.
        (clippy("clippy (wasm32: wham-api)", &["-p", "wham-api", "--target", wasm_target]), false),
        (
            Step::new("native tests (wham-api, wham-model, wham-server)", "cargo").args([
                "test",
                "-p",
                "wham-api",
                "-p",
                "wham-model",
                "-p",
                "wham-server",
            ]),
            true,
        ),
        (
            // The fuzz targets' checks on their seeds and variants, on stable (no libFuzzer).
            Step::new("fuzz smoke (every target, bounded)", "cargo")
                .args(["test", "--manifest-path", "fuzz/Cargo.toml"])
                .env("CARGO_TARGET_DIR", repo_root().join("target")),
            true,
        ),
        (
            Step::new("wasm-bindgen-test in headless Chromium", "cargo")
                .args(["test", "-p", "wham-web", "--target", wasm_target, "--tests"])
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
                .env("CHROMEDRIVER", "/usr/bin/chromedriver")
                .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
                .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60"),
            true,
        ),
        (
            Step::new("release build of the app (trunk build --release)", "trunk").args([
                "build",
                "--release",
                "--offline",
            ]),
            false,
        ),
    ];
    let (ok, lines) = app_line_widths();
    tally.record("the app's lines fit in 120 columns", ok, &lines, false);
    // The wasm tests talk to a real wham-server; its page has another origin, hence --allow-cors.
    let (ok, lines) = run_captured(Step::new("build wham-server", "cargo").args(["build", "-p", "wham-server"]));
    tally.record("build wham-server", ok, &lines, false);
    let mut test_server = Command::new(repo_root().join("target/debug/wham-server"))
        .args(["--port", "18787", "--seed", "1", "--allow-cors"])
        .stdout(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot start wham-server for the wasm tests: {error}"))?;
    for (step, is_test_step) in checks {
        let name = step.name.clone();
        let (ok, lines) = run_captured(step);
        tally.record(&name, ok, &lines, is_test_step);
    }
    let _ = test_server.kill();
    let _ = test_server.wait();
    // The end-to-end tests run against what a person downloads: split by route, precompressed.
    match crate::split::split_dist(&repo_root().join("dist")) {
        Ok(chunks) => {
            println!("==> split the release app by route: {} chunks", chunks.len());
            tally.record("split the release app by route", true, &[], false);
        }
        Err(error) => {
            println!("splitting the release app failed: {error}");
            tally.record("split the release app by route", false, &[], false);
        }
    }
    match crate::compress::compress_dist(&repo_root().join("dist")) {
        Ok(sizes) => {
            println!(
                "==> precompressed dist/ (bytes)\n{}",
                crate::compress::report_dist(&repo_root().join("dist"), &sizes)
            );
            tally.record("precompress the built app (brotli, gzip)", true, &[], false);
        }
        Err(error) => {
            println!("precompressing dist/ failed: {error}");
            tally.record("precompress the built app (brotli, gzip)", false, &[], false);
        }
    }
    let server = repo_root().join("target/debug/wham-server");
    let e2e = Step::new("browser end-to-end tests (Playwright, chromium)", "node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=tap", "tests/"])
        .dir(repo_root().join("e2e"))
        .env("WHAM_SERVER_BIN", &server)
        .env("WHAM_DIST", repo_root().join("dist"));
    let (ok, lines) = run_captured(e2e);
    tally.record("browser end-to-end tests", ok, &lines, true);
    // The benchmarks once, tiny, so they cannot rot (their figures mean nothing here).
    let smoke = crate::bench::run_bench(&server, true);
    if let Err(error) = &smoke {
        println!("benchmark smoke run failed: {error}");
    }
    tally.record("benchmark smoke run (cargo xtask bench --smoke)", smoke.is_ok(), &[], false);

    println!("\ntook {:.0}s", started.elapsed().as_secs_f64());
    if !tally.failures.is_empty() {
        println!("failed steps: {}", tally.failures.join("; "));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    let _ = std::io::stdout().flush();
    if tally.failed == 0 && tally.failures.is_empty() {
        Ok(())
    } else {
        Err("some checks failed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_node_results() {
        let lines: Vec<String> = [
            "test result: ok. 13 passed; 0 failed; 0 ignored",
            "test result: FAILED. 2 passed; 1 failed; 0 ignored",
            "# pass 4",
            "# fail 1",
        ]
        .iter()
        .map(|line| line.to_string())
        .collect();
        assert_eq!(count_tests(&lines), Some((19, 2)));
        assert_eq!(count_tests(&["Compiling foo".to_string()]), None);
    }
}
