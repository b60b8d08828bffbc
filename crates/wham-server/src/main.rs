//! `wham-server`: see `--help` and the README.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use wham_server::{app, seed, AppState, Config};

#[derive(Parser, Debug)]
#[command(
    name = "wham-server",
    about = "A stateful local WHAM server for WHAM Web"
)]
struct Args {
    /// Address to bind (loopback by default).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Seed for the generated data: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also serve a built app from this folder, with single-page fallback.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Require `Authorization: Bearer TOKEN` and `ChatGPT-Account-Id` on API requests.
    #[arg(long, value_name = "TOKEN")]
    require_auth: Option<String>,
    /// Run simulated time this many times faster than real time.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Answer cross-origin requests (tests only; refused together with --upstream).
    #[arg(long)]
    allow_cors: bool,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    if let Some(dir) = &args.static_dir {
        if !dir.join("index.html").is_file() {
            eprintln!(
                "wham-server: {} has no index.html; build the app first (trunk build --release)",
                dir.display()
            );
            std::process::exit(2);
        }
    }
    let config = Config {
        static_dir: args.static_dir,
        require_auth: args.require_auth,
        speed: args.speed.max(0.001),
        allow_cors: args.allow_cors,
    };
    let state = AppState::new(seed::seed(args.seed), config);
    let address: SocketAddr = match format!("{}:{}", args.host, args.port).parse() {
        Ok(address) => address,
        Err(error) => {
            eprintln!(
                "wham-server: bad address {}:{}: {error}",
                args.host, args.port
            );
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("wham-server: cannot listen on {address}: {error}");
            std::process::exit(1);
        }
    };
    let local = listener.local_addr().unwrap_or(address);
    // Tests and xtask read this line to learn the port.
    println!("wham-server listening on http://{local}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(error) = axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("wham-server: {error}");
        std::process::exit(1);
    }
}
