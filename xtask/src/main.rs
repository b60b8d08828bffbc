//! The project's commands, one module each:
//! `cargo xtask dev` (dev.rs): install what is missing, run wham-server and `trunk serve`.
//! `cargo xtask test` (test.rs): everything CI checks, ending with one line `N passed, M failed`.
//! `cargo xtask bench [--smoke]` (bench.rs): the browser benchmarks against a plain-JS baseline.
//! `cargo xtask fuzz`: coverage-guided fuzzing of every decoder (see fuzz.rs).

mod bench;
mod compress;
mod dev;
mod fuzz;
mod split;
mod test;
mod tools;
mod unused_exports;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::dev(&args[1..]),
        Some("test") => test::test(),
        Some("build") => split::build_release(),
        Some("bench") => bench::bench(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("compress") => compress::compress_dist(&repo_root().join("dist")).map(|sizes| {
            println!("{}", compress::report_dist(&repo_root().join("dist"), &sizes));
        }),
        Some("install") => tools::ensure_build_tools().and_then(|_| tools::ensure_browser()),
        _ => {
            eprintln!("usage: cargo xtask <dev [wham-server flags] | test | build | bench [--smoke] | fuzz [RUNS] [TARGET…] | compress | install>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command and returns its stdout when it succeeds.
pub fn command_output(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// One command of a plan, with a name for the log.
pub struct Step {
    pub name: String,
    pub command: Command,
}

impl Step {
    pub fn new(name: &str, program: &str) -> Self {
        let mut command = Command::new(program);
        command.current_dir(repo_root()).env("PATH", tools::path_with_tools());
        Step { name: name.to_string(), command }
    }
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.arg(arg);
        self
    }
    pub fn args<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Self {
        self.command.args(args);
        self
    }
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(key, value);
        self
    }
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(dir);
        self
    }
}

/// Runs a step with its output shown; fails if it fails.
pub fn run(mut step: Step) -> Result<(), String> {
    println!("==> {}", step.name);
    let status = step.command.status().map_err(|error| format!("{}: cannot start: {error}", step.name))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", step.name))
    }
}
