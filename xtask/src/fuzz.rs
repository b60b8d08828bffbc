//! `cargo xtask fuzz [RUNS] [TARGET…]`: coverage-guided fuzzing (cargo-fuzz / libFuzzer) of
//! every decoder for RUNS executions each (default 10,000,000; inputs up to `FUZZ_MAX_LEN`
//! bytes, default 1,024), then a report in
//! `target/fuzz/report.md`. Needs the nightly toolchain and cargo-fuzz, installed here when
//! missing (never by `cargo xtask test`, whose bounded smoke of the same checks runs on stable).
//!
//! The checks are in `fuzz/src/lib.rs`; `fuzz/seeds/TARGET` start each run and the corpus grows
//! in `fuzz/corpus/TARGET` (not committed); a failing input lands in `fuzz/artifacts/TARGET/`.

use crate::{command_output, repo_root, run, Step};
use std::process::Command;
use std::time::Instant;

/// The targets, as `fuzz/Cargo.toml` names them.
pub const TARGETS: &[&str] =
    &["sse", "stream_item", "models", "diff", "timestamp", "routes", "markdown", "links", "git_apply"];

/// One target's run, from libFuzzer's final statistics.
struct Outcome {
    target: String,
    runs: u64,
    seconds: f64,
    coverage: String,
    passed: bool,
}

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let runs: u64 = args.first().and_then(|arg| arg.replace('_', "").parse().ok()).unwrap_or(10_000_000);
    let max_len: usize = std::env::var("FUZZ_MAX_LEN").ok().and_then(|value| value.parse().ok()).unwrap_or(1024);
    let chosen: Vec<&str> =
        if args.len() > 1 { args[1..].iter().map(String::as_str).collect() } else { TARGETS.to_vec() };
    ensure_fuzz_tools()?;
    run(Step::new("build the fuzz targets (nightly, libFuzzer)", "cargo").args([
        "+nightly",
        "fuzz",
        "build",
        "--fuzz-dir",
        "fuzz",
        "--features",
        "libfuzzer",
        "-O",
    ]))?;
    let binaries = repo_root().join("fuzz/target/x86_64-unknown-linux-gnu/release");
    let mut outcomes = Vec::new();
    for target in chosen {
        let corpus = repo_root().join("fuzz/corpus").join(target);
        let artifacts = repo_root().join("fuzz/artifacts").join(target);
        std::fs::create_dir_all(&corpus).map_err(|error| error.to_string())?;
        std::fs::create_dir_all(&artifacts).map_err(|error| error.to_string())?;
        println!("==> fuzz {target}: {runs} runs");
        let started = Instant::now();
        let output = Command::new(binaries.join(target))
            .arg(&corpus)
            .arg(repo_root().join("fuzz/seeds").join(target))
            .arg(format!("-runs={runs}"))
            // Small inputs run fast and still reach every branch of these decoders.
            .arg(format!("-max_len={max_len}"))
            .arg("-rss_limit_mb=4096")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .output()
            .map_err(|error| format!("cannot run the {target} fuzzer: {error}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let stat = |name: &str| {
            log.lines()
                .find_map(|line| line.strip_prefix(&format!("stat::{name}:")).map(|value| value.trim().to_string()))
        };
        let coverage = log
            .lines()
            .rev()
            .find_map(|line| {
                line.split_once("cov: ").map(|(_, rest)| rest.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            })
            .unwrap_or_default();
        let outcome = Outcome {
            target: target.to_string(),
            runs: stat("number_of_executed_units").and_then(|value| value.parse().ok()).unwrap_or(0),
            seconds: started.elapsed().as_secs_f64(),
            coverage: format!("cov: {coverage}"),
            passed: output.status.success(),
        };
        if !outcome.passed {
            println!(
                "{}",
                log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        println!(
            "<== {target}: {} runs in {:.0} s, {} ({})",
            outcome.runs,
            outcome.seconds,
            outcome.coverage,
            if outcome.passed { "no failure" } else { "FAILED" }
        );
        outcomes.push(outcome);
    }
    let report = report(&outcomes);
    let dir = repo_root().join("target/fuzz");
    std::fs::create_dir_all(&dir).map_err(|error| error.to_string())?;
    std::fs::write(dir.join("report.md"), &report).map_err(|error| error.to_string())?;
    println!("\n{report}");
    if outcomes.iter().all(|outcome| outcome.passed) {
        Ok(())
    } else {
        Err("a fuzz target failed: see fuzz/artifacts/".into())
    }
}

fn report(outcomes: &[Outcome]) -> String {
    let mut text = String::from(
        "| target | executions | seconds | executions/s | coverage | result |\n|---|---:|---:|---:|---|---|\n",
    );
    for outcome in outcomes {
        text.push_str(&format!(
            "| {} | {} | {:.0} | {:.0} | {} | {} |\n",
            outcome.target,
            outcome.runs,
            outcome.seconds,
            outcome.runs as f64 / outcome.seconds.max(0.001),
            outcome.coverage,
            if outcome.passed { "no failure" } else { "FAILED" }
        ));
    }
    text
}

/// The nightly toolchain and cargo-fuzz, from rustup and crates.io.
fn ensure_fuzz_tools() -> Result<(), String> {
    if command_output(Command::new("rustup").args(["run", "nightly", "rustc", "--version"])).is_none() {
        run(Step::new("install the nightly toolchain", "rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    if command_output(Command::new("cargo").args(["fuzz", "--version"])).is_none() {
        run(Step::new("install cargo-fuzz", "cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}
