//! `wham-server`: see `--help` and the README.

use clap::Parser;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use wham_server::bridge::access::Access;
use wham_server::bridge::credentials::{expired_message, Credentials};
use wham_server::bridge::upstream::{Timeouts, Upstream};
use wham_server::bridge::Bridge;
use wham_server::{app, persist, seed, AppState, Config};

#[derive(Parser, Debug)]
#[command(name = "wham-server", about = "A stateful local WHAM server for WHAM Web")]
struct Args {
    /// Address to bind (loopback by default; bridge mode allows only loopback).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Seed for the generated data: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many tasks the seed creates (benchmarks ask for thousands).
    #[arg(long, default_value_t = wham_server::seed::SEEDED_TASKS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=100_000))]
    tasks: usize,
    /// Also serve a built app from this folder, with single-page fallback.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Require `Authorization: Bearer TOKEN` and `ChatGPT-Account-Id` on API requests.
    #[arg(long, value_name = "TOKEN")]
    require_auth: Option<String>,
    /// Run simulated time this many times faster than real time.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Keep the whole state in FILE: loaded at start if present, saved after every change.
    #[arg(long = "state", value_name = "FILE")]
    state_file: Option<PathBuf>,
    /// Make this fraction (0 to 1) of API requests fail: 500s, 429s, slow answers, cut streams.
    #[arg(long, default_value_t = 0.0)]
    chaos: f64,
    /// Bridge mode: forward /backend-api/… to this URL (such as https://chatgpt.com/backend-api)
    /// with credentials from WHAM_TOKEN/WHAM_ACCOUNT_ID or ~/.codex/auth.json.
    #[arg(long, value_name = "URL")]
    upstream: Option<String>,
    /// Bridge mode: also trust this CA (PEM) for the upstream's certificate.
    #[arg(long, value_name = "FILE")]
    upstream_ca: Option<PathBuf>,
    /// Bridge mode: seconds to wait for the upstream's answer before a 504.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    upstream_timeout: u64,
    /// Bridge mode: another loopback origin whose pages may use the bridge, such as
    /// `trunk serve`'s http://127.0.0.1:8080 (repeatable). The sign-in URL leads there.
    #[arg(long, value_name = "URL")]
    app_origin: Vec<String>,
    /// Answer cross-origin requests (tests only; refused together with --upstream).
    #[arg(long)]
    allow_cors: bool,
    /// Print the Content-Security-Policy for the app built in DIR (for another static host), and exit.
    #[arg(long, value_name = "DIR")]
    print_csp: Option<PathBuf>,
}

fn fail(message: String) -> ! {
    eprintln!("wham-server: {message}");
    std::process::exit(2);
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    if let Some(dir) = &args.print_csp {
        match std::fs::read_to_string(dir.join("index.html")) {
            Ok(html) => println!("{}", wham_server::security_headers::content_security_policy(&html)),
            Err(error) => fail(format!("{}: {error}", dir.join("index.html").display())),
        }
        return;
    }
    if let Some(dir) = &args.static_dir {
        if !dir.join("index.html").is_file() {
            fail(format!("{} has no index.html; build the app first (trunk build --release)", dir.display()));
        }
    }
    if !(0.0..=1.0).contains(&args.chaos) {
        fail(format!("--chaos takes a fraction from 0 to 1, got {}", args.chaos));
    }
    if !(args.speed > 0.0 && args.speed.is_finite()) {
        fail(format!("--speed must be a positive number, got {}", args.speed));
    }
    if args.upstream.is_some() {
        if !args.host.is_loopback() {
            fail("bridge mode adds your credentials, so it only listens on loopback (127.0.0.1 or ::1)".into());
        }
        if args.allow_cors {
            fail("--allow-cors cannot be combined with --upstream".into());
        }
    }
    for origin in &args.app_origin {
        let host = origin.strip_prefix("http://").unwrap_or("");
        let loopback = ["127.0.0.1:", "localhost:", "[::1]:"].iter().any(|prefix| host.starts_with(prefix));
        if !loopback || host.contains('/') {
            fail(format!("--app-origin takes a loopback origin such as http://127.0.0.1:8080, got {origin:?}"));
        }
    }
    let store = match &args.state_file {
        Some(path) => match persist::load(path) {
            Ok(Some(store)) => {
                eprintln!("wham-server: loaded state from {}", path.display());
                store
            }
            Ok(None) => seed::seed_with_tasks(args.seed, args.tasks),
            Err(error) => fail(error),
        },
        None => seed::seed_with_tasks(args.seed, args.tasks),
    };
    let config = Config {
        static_dir: args.static_dir,
        require_auth: args.require_auth,
        speed: args.speed,
        allow_cors: args.allow_cors,
        state_file: args.state_file.clone(),
        chaos: args.chaos,
        bridge: None,
    };
    let address = SocketAddr::new(args.host, args.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .unwrap_or_else(|error| fail(format!("cannot listen on {address}: {error}")));
    let local = listener.local_addr().unwrap_or(address);
    // The bridge checks requests against the port it really listens on, so it is made after binding.
    let config = match &args.upstream {
        None => config,
        Some(url) => {
            let timeouts =
                Timeouts { answer: Duration::from_secs(args.upstream_timeout.max(1)), ..Timeouts::default() };
            let upstream =
                Upstream::new(url, args.upstream_ca.as_deref(), timeouts).unwrap_or_else(|error| fail(error));
            let credentials = Credentials::from_environment().unwrap_or_else(|error| fail(error));
            if let Some(expired_at) = credentials.expired_at(wham_server::now()) {
                eprintln!("wham-server: warning: {}", expired_message(expired_at));
            }
            let access = Access::new(local.port(), args.app_origin.clone()).unwrap_or_else(|error| fail(error));
            Config { bridge: Some(Arc::new(Bridge::new(upstream, access, credentials))), ..config }
        }
    };
    let state = AppState::new(store, config);
    if let Some(path) = args.state_file {
        // Write the starting state at once, so the file exists from the first moment.
        if let Err(error) = persist::save(&path, &state.read()) {
            fail(error);
        }
        persist::spawn_persister(state.clone(), path);
    }
    // Tests and xtask read this line to learn the port.
    println!("wham-server listening on http://{local}");
    if let Some(bridge) = &state.config.bridge {
        // Tests and xtask read this line too. It is the only place the secret is shown.
        println!("wham-server bridge to {}: open {}", bridge.upstream.host(), bridge.access.login_url());
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(error) = axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await {
        fail(error.to_string());
    }
}
