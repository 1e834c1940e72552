//! Command line and environment: every flag `--name value` has an environment variable
//! `COLLECTOR_NAME`; a flag wins over its variable.

use crate::rate_limit::RateConfig;
use std::net::SocketAddr;

pub const USAGE: &str = "\
wijkpeil-collector: receives anonymous Wijkpeil register records, publishes the register per wijk.

  --db PATH|URL            SQLite file (default collector.sqlite) or postgres://user@host:port/db
  --listen ADDR:PORT       default 127.0.0.1:8787
  --allow-origin ORIGINS   comma-separated origins the app is served from (CORS); default none
  --min-cell N             smallest count the register shows, at least 2 (default 10)
  --wijken a,b,c           accept and show only these wijk codes
  --config gemeente.json   take the wijk codes and partner codes from the municipality config
  --rate-per-minute N      requests a client regains per minute (default 60)
  --rate-burst N           requests a client may make at once (default 20)
  --publish-open-quarter   also publish the quarter that is still running (demos)

Each flag also reads from COLLECTOR_<NAME> (e.g. COLLECTOR_DB, COLLECTOR_MIN_CELL).";

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub db: String,
    pub listen: SocketAddr,
    pub allow_origins: Vec<String>,
    pub min_cell: u64,
    /// Wijk codes to accept; `None` accepts any well-shaped code.
    pub wijken: Option<Vec<String>>,
    /// Partner outcome codes and urgent contact kinds to accept; `None` accepts any well-shaped.
    pub destinations: Option<Vec<String>>,
    pub rate: RateConfig,
    pub publish_open_quarter: bool,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SettingsError {
    #[error("{USAGE}")]
    Help,
    #[error("unknown option {0} (see --help)")]
    Unknown(String),
    #[error("{0} needs a value")]
    NoValue(String),
    #[error("{name}: {problem}")]
    Bad { name: String, problem: String },
}

const FLAGS: [&str; 8] =
    ["db", "listen", "allow-origin", "min-cell", "wijken", "config", "rate-per-minute", "rate-burst"];

impl Settings {
    /// From the arguments after the program name, and the environment.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let mut given: Vec<(String, String)> = Vec::new();
        let mut publish_open = false;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let name = arg.strip_prefix("--").ok_or_else(|| SettingsError::Unknown(arg.clone()))?;
            match name {
                "help" | "h" => return Err(SettingsError::Help),
                "publish-open-quarter" => publish_open = true,
                _ if FLAGS.contains(&name) => {
                    let value = it.next().ok_or_else(|| SettingsError::NoValue(arg.clone()))?;
                    given.push((name.to_string(), value.clone()));
                }
                _ => return Err(SettingsError::Unknown(arg.clone())),
            }
        }
        let get = |name: &str| -> Option<String> {
            let flag = given.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            flag.or_else(|| env(&format!("COLLECTOR_{}", name.to_uppercase().replace('-', "_"))))
        };
        let bad = |name: &str, problem: String| SettingsError::Bad { name: format!("--{name}"), problem };
        let number = |name: &str, default: u64| -> Result<u64, SettingsError> {
            get(name).map_or(Ok(default), |v| v.trim().parse().map_err(|_| bad(name, format!("not a number: {v}"))))
        };
        let list = |v: String| -> Vec<String> {
            v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        };

        let listen = get("listen").unwrap_or_else(|| "127.0.0.1:8787".into());
        let listen = listen.parse().map_err(|_| bad("listen", format!("not an address:port: {listen}")))?;
        let min_cell = number("min-cell", 10)?;
        if min_cell < 2 {
            return Err(bad("min-cell", "must be at least 2".into()));
        }
        let per_minute = number("rate-per-minute", 60)?;
        let burst = number("rate-burst", 20)?;
        let (mut wijken, mut destinations) = (None, None);
        if let Some(path) = get("config") {
            let (w, d) = codes_from_config(&path).map_err(|p| bad("config", p))?;
            (wijken, destinations) = (Some(w), Some(d));
        }
        if let Some(w) = get("wijken") {
            wijken = Some(list(w));
        }
        if let Some(codes) = &wijken {
            if let Some(c) = codes.iter().find(|c| !wijkpeil::register::is_config_code(c)) {
                return Err(bad("wijken", format!("not a wijk code: {c}")));
            }
        }
        let publish_open_quarter =
            publish_open || get("publish-open-quarter").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        Ok(Settings {
            db: get("db").unwrap_or_else(|| "collector.sqlite".into()),
            listen,
            allow_origins: get("allow-origin").map(list).unwrap_or_default(),
            min_cell,
            wijken,
            destinations,
            rate: RateConfig::per_minute(
                u32::try_from(per_minute).unwrap_or(u32::MAX),
                u32::try_from(burst).unwrap_or(u32::MAX),
            ),
            publish_open_quarter,
        })
    }
}

/// The wijk codes and the destination codes (every code the routing can suggest) of a
/// municipality config file.
pub fn codes_from_config(path: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let config = wijkpeil::config::Config::parse(&text).map_err(|issues| {
        let first = issues.first().map(|i| format!("{}: {:?}", i.path, i.problem)).unwrap_or_default();
        format!("{path}: {} problem(s), first {first}", issues.len())
    })?;
    let wijken = config.wijken.iter().map(|w| w.code.clone()).collect();
    let routing = &config.routing;
    let mut destinations: Vec<String> =
        routing.urgent.values().chain(routing.areas.values()).flatten().chain(&routing.under_18).cloned().collect();
    destinations.sort();
    destinations.dedup();
    Ok((wijken, destinations))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults() {
        let s = Settings::parse(&[], |_| None).unwrap();
        assert_eq!(s.db, "collector.sqlite");
        assert_eq!(s.listen, "127.0.0.1:8787".parse().unwrap());
        assert_eq!(s.min_cell, 10);
        assert_eq!(s.allow_origins, Vec::<String>::new());
        assert_eq!(s.wijken, None);
        assert!(!s.publish_open_quarter);
    }

    #[test]
    fn flags_win_over_the_environment() {
        let env = |k: &str| match k {
            "COLLECTOR_DB" => Some("postgres://x@127.0.0.1:5432/db".to_string()),
            "COLLECTOR_MIN_CELL" => Some("5".to_string()),
            "COLLECTOR_ALLOW_ORIGIN" => Some("http://a.example, http://b.example".to_string()),
            _ => None,
        };
        let s = Settings::parse(&args(&["--min-cell", "12", "--wijken", "noord,oost"]), env).unwrap();
        assert_eq!(s.db, "postgres://x@127.0.0.1:5432/db");
        assert_eq!(s.min_cell, 12);
        assert_eq!(s.allow_origins, vec!["http://a.example", "http://b.example"]);
        assert_eq!(s.wijken, Some(vec!["noord".to_string(), "oost".to_string()]));
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            Settings::parse(&args(&["--min-cell", "1"]), |_| None).unwrap_err().to_string(),
            "--min-cell: must be at least 2"
        );
        assert_eq!(Settings::parse(&args(&["--port", "1"]), |_| None), Err(SettingsError::Unknown("--port".into())));
        assert_eq!(Settings::parse(&args(&["--db"]), |_| None), Err(SettingsError::NoValue("--db".into())));
        assert!(Settings::parse(&args(&["--wijken", "Noord"]), |_| None).is_err());
        assert!(Settings::parse(&args(&["--listen", "localhost"]), |_| None).is_err());
    }

    #[test]
    fn codes_from_the_demo_config() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/config/gemeente.json");
        let (wijken, destinations) = codes_from_config(path).unwrap();
        assert!(wijken.contains(&"noord".to_string()));
        assert!(destinations.contains(&"debt".to_string()));
        assert!(destinations.contains(&"team_urgent".to_string()));
    }
}
