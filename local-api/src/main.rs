//! `local-api --port PORT`: a local Talkover API on 127.0.0.1. See README.md.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::Parser;
use local_api::store::Store;
use local_api::{Config, Cors};

/// A local Talkover API: the training form's demo backend and test server.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Port on the host; 0 picks a free one (printed on the first line).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Keep the state in this JSON file across restarts (loaded if present, saved after every change).
    #[arg(long)]
    state: Option<PathBuf>,
    /// Allow cross-origin calls from this origin (repeatable; `*` for any). Default: any loopback origin.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Send no CORS headers, so that browsers refuse cross-origin calls.
    #[arg(long, conflicts_with = "allow_origin")]
    no_cors: bool,
    /// Enable faults on demand and the /__test routes (for tests only).
    #[arg(long)]
    faults: bool,
    /// Print one line per request: method, path as received, status (never the token).
    #[arg(long)]
    log: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let store = match &args.state {
        Some(path) => match Store::load(path) {
            Ok(Some(store)) => store,
            Ok(None) => Store::seed(),
            Err(e) => {
                eprintln!("local-api: {e}");
                std::process::exit(2);
            }
        },
        None => Store::seed(),
    };
    let cors = if args.no_cors {
        Cors::Off
    } else if args.allow_origin.is_empty() {
        Cors::Loopback
    } else {
        Cors::Origins(args.allow_origin.clone())
    };
    let config = Config {
        faults: args.faults,
        cors,
        state_file: args.state.clone(),
        log: args.log,
    };
    let summary: Vec<String> = store
        .agents
        .iter()
        .map(|a| {
            let token = store
                .accounts
                .iter()
                .find(|x| x.name == a.account)
                .map_or("", |x| x.token.as_str());
            format!(
                "account {}: token {token} agent {} \"{}\" ({} trainings)",
                a.account,
                a.id,
                a.name,
                a.trainings.len()
            )
        })
        .collect();
    let (addr, _state) =
        match local_api::start(config, store, SocketAddr::new(args.host, args.port)).await {
            Ok(x) => x,
            Err(e) => {
                eprintln!(
                    "local-api: cannot listen on {}:{}: {e}",
                    args.host, args.port
                );
                std::process::exit(1);
            }
        };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on http://{addr}");
    for line in summary {
        let _ = writeln!(out, "{line}");
    }
    if args.faults {
        let _ = writeln!(out, "faults on: POST /__test/fault, GET /__test/requests");
    }
    let _ = out.flush();
    drop(out);
    let _ = tokio::signal::ctrl_c().await;
}
