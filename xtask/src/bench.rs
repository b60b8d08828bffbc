//! `cargo xtask bench`: the browser benchmarks (see the README's "Measuring speed").

use crate::{repo_root, run, tools, Step};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// `cargo xtask bench`: a release build served by wham-server, measured in Chromium by
/// `e2e/bench/bench.mjs` (results as ratios to a baseline measured in the same run).
pub fn bench() -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    run(Step::new("release build of the app", "trunk").args(["build", "--release", "--offline"]))?;
    run(Step::new("build wham-server (release)", "cargo").args(["build", "--release", "-p", "wham-server"]))?;
    let mut server = Command::new(repo_root().join("target/release/wham-server"))
        .args(["--port", "0", "--seed", "1", "--speed", "2", "--static"])
        .arg(repo_root().join("dist"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start wham-server: {error}"))?;
    let mut first_line = String::new();
    if let Some(stdout) = server.stdout.take() {
        let _ = BufReader::new(stdout).read_line(&mut first_line);
    }
    let url = first_line.trim().rsplit(' ').next().unwrap_or("").to_string();
    let result = if url.starts_with("http://") {
        run(Step::new("browser benchmarks", "node").args(["bench/bench.mjs", &url]).dir(repo_root().join("e2e")))
    } else {
        Err(format!("wham-server did not say where it listens: {first_line:?}"))
    };
    let _ = server.kill();
    let _ = server.wait();
    result
}
