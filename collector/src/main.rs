//! `cargo run -p wijkpeil-collector -- --db collector.sqlite --listen 127.0.0.1:8787 …`

use wijkpeil_collector::settings::{Settings, SettingsError};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The log holds method, route, status and duration only (see `api::log_request`); hyper
    // and the other libraries log warnings only, none of which carry a client's address.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("COLLECTOR_LOG")
                .unwrap_or_else(|_| "warn,wijkpeil_collector=info".into()),
        )
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let settings = match Settings::parse(&args, |k| std::env::var(k).ok()) {
        Ok(s) => s,
        Err(SettingsError::Help) => {
            println!("{}", wijkpeil_collector::settings::USAGE);
            return std::process::ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    match wijkpeil_collector::server::run(settings).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wijkpeil-collector: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
