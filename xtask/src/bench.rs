//! `cargo xtask bench [--smoke]`: the browser benchmarks (see the README's "Speed"). Builds the
//! release app and wham-server, serves the app with synthetic tasks, and runs
//! `e2e/bench/bench.mjs` in Chromium against the plain-JavaScript baseline in `bench/baseline/`;
//! the report goes to `target/bench/`.

use crate::{repo_root, run, tools, Step};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// How many tasks the server holds: the list benchmarks load 1,000 of them and the memory
/// benchmark all; the smoke run only checks that every step still works.
const FULL_TASKS: &str = "10000";
const SMOKE_TASKS: &str = "200";
/// wham-server's `--speed` for the benchmarks; the script reads it to ask for event rates.
const SERVER_SPEED: &str = "2";

pub fn bench(args: &[String]) -> Result<(), String> {
    let smoke = args.iter().any(|arg| arg == "--smoke");
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    crate::split::build_release()?;
    run(Step::new("build wham-server (release)", "cargo").args(["build", "--release", "-p", "wham-server"]))?;
    run_bench(&repo_root().join("target/release/wham-server"), smoke)
}

/// Runs the benchmark script against a built `dist/` served by `server` (`cargo xtask test`
/// calls this with `smoke`, after its own builds).
pub fn run_bench(server: &Path, smoke: bool) -> Result<(), String> {
    let tasks = if smoke { SMOKE_TASKS } else { FULL_TASKS };
    let mut child = Command::new(server)
        .args(["--port", "0", "--seed", "1", "--speed", SERVER_SPEED, "--tasks", tasks, "--static"])
        .arg(repo_root().join("dist"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start wham-server: {error}"))?;
    let mut first_line = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = BufReader::new(stdout).read_line(&mut first_line);
    }
    let url = first_line.trim().rsplit(' ').next().unwrap_or("").to_string();
    let result = if url.starts_with("http://") {
        let mut args = vec!["bench/bench.mjs", url.as_str()];
        if smoke {
            args.push("--smoke");
        }
        run(Step::new("browser benchmarks", "node")
            .args(args)
            .env("BENCH_SERVER_SPEED", SERVER_SPEED)
            .dir(repo_root().join("e2e")))
    } else {
        Err(format!("wham-server did not say where it listens: {first_line:?}"))
    };
    let _ = child.kill();
    let _ = child.wait();
    result
}
