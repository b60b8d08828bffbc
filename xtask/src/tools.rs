//! Installs what the build and tests need, skipping what is already there. Nothing here
//! downloads a prebuilt binary: tools come from crates.io (built here), npm and Debian.

use crate::{command_output, repo_root, run, Step};
use std::path::PathBuf;
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// Formats the `view!` bodies that rustfmt leaves alone (`leptosfmt.toml`: 120 columns).
pub const LEPTOSFMT_VERSION: &str = "0.1.33";

/// The exact wasm-bindgen version Cargo.lock pins; the CLI must match it.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock"))
        .map_err(|error| format!("cannot read Cargo.lock: {error}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|line| line.trim().strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// `~/.cargo/bin` and the npm tools (wasm-opt from `binaryen`) first on PATH.
pub fn path_with_tools() -> String {
    let mut parts: Vec<PathBuf> = vec![repo_root().join("e2e/node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
    {
        parts.push(home.join("bin"));
    }
    let current = std::env::var("PATH").unwrap_or_default();
    let mut path = parts.iter().map(|part| part.display().to_string()).collect::<Vec<_>>().join(":");
    path.push(':');
    path.push_str(&current);
    path
}

fn has_version(program: &str, expected: &str) -> bool {
    command_output(Command::new(program).arg("--version").env("PATH", path_with_tools()))
        .is_some_and(|out| out.contains(expected))
}

/// Everything `dev` needs: the wasm target, trunk, wasm-bindgen-cli, npm packages (wasm-opt).
pub fn ensure_build_tools() -> Result<(), String> {
    let targets = command_output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|line| line.trim() == "wasm32-unknown-unknown") {
        run(Step::new("install the wasm32 target", "rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if !has_version("trunk", TRUNK_VERSION) {
        run(Step::new("install trunk", "cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    let bindgen = wasm_bindgen_version()?;
    if !has_version("wasm-bindgen", &bindgen) {
        // Without --locked: the CLI's own lock file pins crates that no longer build on new rustc.
        run(Step::new("install wasm-bindgen-cli", "cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &bindgen,
        ]))?;
    }
    ensure_npm_packages()
}

/// What `cargo xtask test` checks formatting with, beyond rustfmt: leptosfmt.
pub fn ensure_format_tools() -> Result<(), String> {
    if !has_version("leptosfmt", LEPTOSFMT_VERSION) {
        run(Step::new("install leptosfmt", "cargo").args([
            "install",
            "leptosfmt",
            "--version",
            LEPTOSFMT_VERSION,
            "--locked",
        ]))?;
    }
    Ok(())
}

/// `npm ci` in e2e/ when its packages are missing or older than the lock file.
pub fn ensure_npm_packages() -> Result<(), String> {
    let e2e = repo_root().join("e2e");
    let installed = e2e.join("node_modules/.package-lock.json");
    let lock = e2e.join("package-lock.json");
    let fresh = match (
        std::fs::metadata(&installed).and_then(|m| m.modified()),
        std::fs::metadata(&lock).and_then(|m| m.modified()),
    ) {
        (Ok(installed), Ok(lock)) => installed >= lock,
        _ => false,
    };
    if !fresh {
        run(Step::new("install npm packages (playwright-core, axe-core, binaryen, terser)", "npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .dir(e2e))?;
    }
    Ok(())
}

/// Debian's chromium and chromedriver for the browser tests.
pub fn ensure_browser() -> Result<(), String> {
    if std::path::Path::new("/usr/bin/chromium").exists() && std::path::Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    run(Step::new("apt-get update", "apt-get").arg("update"))?;
    run(Step::new("install chromium and chromium-driver", "apt-get")
        .args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
