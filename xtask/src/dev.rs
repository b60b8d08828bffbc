//! `cargo xtask dev`: install what is missing, then run wham-server and `trunk serve` together
//! until Ctrl-C (or either stops).

use crate::{repo_root, run, tools, Step};
use std::process::{Child, Command};
use std::sync::Mutex;

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

pub fn dev(args: &[String]) -> Result<(), String> {
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
