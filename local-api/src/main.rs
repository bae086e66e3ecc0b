//! `local-api --port PORT`: a local Talkover API on 127.0.0.1. See README.md.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::Parser;
use local_api::{lock, Config, Cors};

/// A local Talkover API: the training form's demo backend and test server.
#[derive(Parser, Debug)]
#[command(version, about, args_override_self = true)]
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
    /// Requests a minute per token (per client address without a known token), then 429; 0: no limit. Default: 100, none with --faults
    #[arg(long, value_name = "N")]
    rate_limit: Option<u32>,
    /// Trainings per agent, then 422 on create; 0: no cap
    #[arg(long, value_name = "N", default_value_t = local_api::DEFAULT_MAX_TRAININGS)]
    max_trainings: usize,
    /// Bytes of text (subjects, instructions, node ids) per agent, all trainings together, then 422 on save; 0: no cap
    #[arg(long, value_name = "BYTES", default_value_t = local_api::DEFAULT_MAX_AGENT_BYTES)]
    max_agent_bytes: usize,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    // A panic in a request is answered with a 500 (see `local_api::app`); say it in one line.
    std::panic::set_hook(Box::new(|info| eprintln!("local-api: {info}")));
    let cors = if args.no_cors {
        Cors::Off
    } else if args.allow_origin.is_empty() {
        Cors::Loopback
    } else {
        Cors::Origins(args.allow_origin.clone())
    };
    let config = Config {
        addr: SocketAddr::new(args.host, args.port),
        faults: args.faults,
        cors,
        state_file: args.state.clone(),
        log: args.log,
        rate_limit: args.rate_limit,
        max_trainings: args.max_trainings,
        max_agent_bytes: args.max_agent_bytes,
        ..Config::default()
    };
    let bound = match local_api::bind(config).await {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "local-api: cannot start on {}:{}: {e}",
                args.host, args.port
            );
            std::process::exit(1);
        }
    };
    // Printed before serving, so that the first line always comes first.
    let summary = local_api::startup_lines(bound.addr, &lock(&bound.state.store), args.faults);
    {
        let mut out = std::io::stdout().lock();
        for line in summary {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }
    let server = bound.run();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = server => {}
    }
}
