//! `cargo xtask dev`: install what is missing, run wham-server and `trunk serve`, print the URL.
//! `cargo xtask test`: everything CI checks, ending with one line `N passed, M failed`.
//! `cargo xtask bench`: the browser benchmarks.
//! `cargo xtask fuzz`: coverage-guided fuzzing of every decoder (see fuzz.rs).

mod fuzz;
mod tools;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("install") => tools::ensure_build_tools().and_then(|_| tools::ensure_browser()),
        _ => {
            eprintln!("usage: cargo xtask <dev [wham-server flags] | test | bench | fuzz [RUNS] [TARGET…] | install>");
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
    name: String,
    command: Command,
}

impl Step {
    pub fn new(name: &str, program: &str) -> Self {
        let mut command = Command::new(program);
        command.current_dir(repo_root()).env("PATH", tools::path_with_tools());
        Step { name: name.to_string(), command }
    }
    pub fn arg(mut self, arg: &str) -> Self {
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

fn test() -> Result<(), String> {
    let started = Instant::now();
    let mut tally = Tally::default();
    if let Err(error) = tools::ensure_build_tools().and_then(|_| tools::ensure_browser()) {
        println!("\nsetup failed: {error}");
        println!("0 passed, 1 failed");
        return Err(error);
    }
    let wasm_target = "wasm32-unknown-unknown";
    let checks: Vec<(Step, bool)> = vec![
        (Step::new("cargo fmt --check", "cargo").args(["fmt", "--all", "--", "--check"]), false),
        (
            Step::new("clippy (native: wham-api, wham-model, wham-server, xtask)", "cargo").args([
                "clippy",
                "-p",
                "wham-api",
                "-p",
                "wham-model",
                "-p",
                "wham-server",
                "-p",
                "xtask",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            false,
        ),
        (
            Step::new("clippy (wasm32: the app)", "cargo").args([
                "clippy",
                "-p",
                "wham-web",
                "--target",
                wasm_target,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            false,
        ),
        (
            // The library only: its dev-dependencies (proptest) are native test tools.
            Step::new("clippy (wasm32: wham-api)", "cargo").args([
                "clippy",
                "-p",
                "wham-api",
                "--target",
                wasm_target,
                "--",
                "-D",
                "warnings",
            ]),
            false,
        ),
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
    let server = repo_root().join("target/debug/wham-server");
    let e2e = Step::new("browser end-to-end tests (Playwright, chromium)", "node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=tap", "tests/"])
        .dir(repo_root().join("e2e"))
        .env("WHAM_SERVER_BIN", &server)
        .env("WHAM_DIST", repo_root().join("dist"));
    let (ok, lines) = run_captured(e2e);
    tally.record("browser end-to-end tests", ok, &lines, true);

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

/// `cargo xtask bench`: a release build served by wham-server, measured in Chromium by
/// `e2e/bench/bench.mjs` (results as ratios to a baseline measured in the same run).
fn bench() -> Result<(), String> {
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

/// Children to stop on Ctrl-C.
static CHILDREN: Mutex<Vec<Child>> = Mutex::new(Vec::new());

fn stop_children() {
    let mut children = CHILDREN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for child in children.iter_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }
    children.clear();
}

fn dev(args: &[String]) -> Result<(), String> {
    tools::ensure_build_tools()?;
    run(Step::new("build wham-server", "cargo").args(["build", "-p", "wham-server"]))?;
    ctrlc::set_handler(|| {
        println!("\nstopping…");
        stop_children();
        std::process::exit(0);
    })
    .map_err(|error| format!("cannot handle Ctrl-C: {error}"))?;

    let mut server = Command::new(repo_root().join("target/debug/wham-server"));
    server.args(["--port", "8787"]).args(args).current_dir(repo_root());
    let bridge = args.iter().any(|arg| arg == "--upstream" || arg.starts_with("--upstream="));
    if bridge {
        // trunk serve's pages (port 8080) reach the bridge through trunk's proxy with their own
        // Origin; the bridge lets that origin in and its sign-in URL leads there.
        server.args(["--app-origin", "http://127.0.0.1:8080"]);
    }
    let server = server.spawn().map_err(|error| format!("cannot start wham-server: {error}"))?;
    CHILDREN.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(server);

    let trunk = Command::new("trunk")
        .args(["serve", "--offline"])
        .current_dir(repo_root())
        .env("PATH", tools::path_with_tools())
        .spawn()
        .map_err(|error| format!("cannot start trunk: {error}"))?;
    CHILDREN.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(trunk);
    if bridge {
        println!("\nWHAM Web through the bridge: open the sign-in URL wham-server printed above (it leads to http://127.0.0.1:8080/). Ctrl-C stops both.\n");
    } else {
        println!(
            "\nWHAM Web: open http://127.0.0.1:8080/ (API: wham-server on http://127.0.0.1:8787). Ctrl-C stops both.\n"
        );
    }

    // Wait until either child ends, then stop the other.
    loop {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let mut children = CHILDREN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if children.iter_mut().any(|child| matches!(child.try_wait(), Ok(Some(_)))) {
            drop(children);
            stop_children();
            return Err("wham-server or trunk stopped".into());
        }
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
