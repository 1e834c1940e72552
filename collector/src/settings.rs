//! Command line and environment: every flag `--name value` has an environment variable
//! `COLLECTOR_NAME`; a flag wins over its variable.

use crate::rate_limit::RateConfig;
use crate::team_keys::TeamKeys;
use std::net::{IpAddr, SocketAddr};

pub const USAGE: &str = "\
wijkpeil-collector: receives anonymous Wijkpeil register records, publishes the register per wijk.

  --db PATH|URL            SQLite file (default collector.sqlite) or postgres://user@host:port/db
  --listen ADDR:PORT       default 127.0.0.1:8787
  --allow-origin ORIGINS   comma-separated origins the app is served from (CORS); default none
  --config gemeente.json   REQUIRED: the municipality config; its wijk codes and the partner and
                           contact codes its routing can suggest are the only ones accepted
  --wijken a,b,c           accept and show only these of the config's wijken
  --min-cell N             smallest count the register shows, at least 2 (default 10)
  --close-after-days N     a quarter closes (is published, frozen, takes no more records) N days
                           after its last week (default 28: outboxes of offline devices catch up)
  --rate-per-minute N      requests a client regains per minute (default 60)
  --rate-burst N           requests a client may make at once (default 20)
  --trust-proxy IP         the reverse proxy's address: for its requests, the client address
                           for the rate limit is the last X-Forwarded-For (or Forwarded) hop
  --publish-open-quarter   also show the quarters not yet closed, marked provisional (demos)
  --team-keys FILE         one line per wijkteam, `team-id key`: only with a key from this
                           file is a question registered by a team taken (channel phone,
                           walk_in, email, partner); read at start, so a removed line is a
                           revoked key after a restart. Without it, only the app's records
                           (channel app) are taken

Each flag also reads from COLLECTOR_<NAME> (e.g. COLLECTOR_DB, COLLECTOR_MIN_CELL).";

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub db: String,
    pub listen: SocketAddr,
    pub allow_origins: Vec<String>,
    pub min_cell: u64,
    /// Wijk codes to accept, in the config's order: the register's columns.
    pub wijken: Vec<String>,
    /// Partner outcome codes and urgent contact kinds to accept.
    pub destinations: Vec<String>,
    /// The urgent contact kinds (a fit check suggesting one is an urgent signal).
    pub urgent_kinds: Vec<String>,
    pub rate: RateConfig,
    pub publish_open_quarter: bool,
    /// Days after a quarter's last week until it closes.
    pub close_after_days: u64,
    /// The one reverse proxy whose forwarded client address is used for the rate limit.
    pub trust_proxy: Option<IpAddr>,
    /// The keys of the teams that may register questions (none: nobody may).
    pub team_keys: TeamKeys,
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

const FLAGS: [&str; 11] = [
    "db",
    "listen",
    "allow-origin",
    "min-cell",
    "wijken",
    "config",
    "rate-per-minute",
    "rate-burst",
    "close-after-days",
    "trust-proxy",
    "team-keys",
];

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
        let Some(path) = get("config") else {
            return Err(bad(
                "config",
                "required: the municipality's gemeente.json (its wijk and partner codes are the only ones \
                 accepted; without it every new code would become a row or column of the register)"
                    .into(),
            ));
        };
        let codes = codes_from_config(&path).map_err(|p| bad("config", p))?;
        let mut wijken = codes.wijken;
        if let Some(w) = get("wijken") {
            let only = list(w);
            if let Some(c) = only.iter().find(|c| !wijken.contains(c)) {
                return Err(bad("wijken", format!("not a wijk of the config: {c}")));
            }
            wijken.retain(|w| only.contains(w));
        }
        let close_after_days = number("close-after-days", 28)?;
        if close_after_days > 366 {
            return Err(bad("close-after-days", "at most 366".into()));
        }
        let trust_proxy = match get("trust-proxy") {
            None => None,
            Some(v) if v.trim().is_empty() => None,
            Some(v) => Some(v.trim().parse().map_err(|_| bad("trust-proxy", format!("not an IP address: {v}")))?),
        };
        let team_keys = match get("team-keys") {
            None => TeamKeys::default(),
            Some(v) if v.trim().is_empty() => TeamKeys::default(),
            Some(path) => TeamKeys::from_file(path.trim()).map_err(|p| bad("team-keys", p))?,
        };
        let publish_open_quarter =
            publish_open || get("publish-open-quarter").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        Ok(Settings {
            db: get("db").unwrap_or_else(|| "collector.sqlite".into()),
            listen,
            allow_origins: get("allow-origin").map(list).unwrap_or_default(),
            min_cell,
            wijken,
            destinations: codes.destinations,
            urgent_kinds: codes.urgent_kinds,
            rate: RateConfig::per_minute(
                u32::try_from(per_minute).unwrap_or(u32::MAX),
                u32::try_from(burst).unwrap_or(u32::MAX),
            ),
            publish_open_quarter,
            close_after_days,
            trust_proxy,
            team_keys,
        })
    }
}

/// The codes of a municipality config the collector accepts (read by the record format's crate).
pub use wijkpeil_wire::ConfigCodes;

/// The codes of the municipality config file at `path`.
pub fn codes_from_config(path: &str) -> Result<ConfigCodes, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    ConfigCodes::from_config_json(&text).map_err(|e| format!("{path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/config/gemeente.json");

    #[test]
    fn defaults() {
        let s = Settings::parse(&args(&["--config", CONFIG]), |_| None).unwrap();
        assert_eq!(s.db, "collector.sqlite");
        assert_eq!(s.listen, "127.0.0.1:8787".parse().unwrap());
        assert_eq!(s.min_cell, 10);
        assert_eq!(s.allow_origins, Vec::<String>::new());
        assert_eq!(s.wijken, vec!["noord", "oost", "zuid", "west"]);
        assert_eq!(s.close_after_days, 28);
        assert_eq!(s.trust_proxy, None);
        assert!(!s.publish_open_quarter);
        assert!(s.team_keys.is_empty(), "no team may register questions without a key file");
    }

    #[test]
    fn team_keys_come_from_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team-keys");
        std::fs::write(&path, "noord k7Qm-2xPa-9LdW-4tRz\n").unwrap();
        let path = path.to_str().unwrap();
        let s = Settings::parse(&args(&["--config", CONFIG, "--team-keys", path]), |_| None).unwrap();
        assert!(s.team_keys.knows("k7Qm-2xPa-9LdW-4tRz"));
        let env = |k: &str| (k == "COLLECTOR_TEAM_KEYS").then(|| path.to_string());
        assert_eq!(Settings::parse(&args(&["--config", CONFIG]), env).unwrap().team_keys.len(), 1);
        std::fs::write(path, "noord kort\n").unwrap();
        let e = Settings::parse(&args(&["--config", CONFIG, "--team-keys", path]), |_| None).unwrap_err();
        assert!(e.to_string().starts_with("--team-keys: "), "{e}");
        assert!(!e.to_string().contains("kort"), "the key is not shown: {e}");
        let e = Settings::parse(&args(&["--config", CONFIG, "--team-keys", "/nonexistent/keys"]), |_| None);
        assert!(e.is_err());
    }

    #[test]
    fn the_config_is_required() {
        let e = Settings::parse(&args(&["--wijken", "noord"]), |_| None).unwrap_err().to_string();
        assert!(e.starts_with("--config: required"), "{e}");
        assert!(Settings::parse(&[], |k| (k == "COLLECTOR_CONFIG").then(|| CONFIG.to_string())).is_ok());
    }

    #[test]
    fn flags_win_over_the_environment() {
        let env = |k: &str| match k {
            "COLLECTOR_DB" => Some("postgres://x@127.0.0.1:5432/db".to_string()),
            "COLLECTOR_MIN_CELL" => Some("5".to_string()),
            "COLLECTOR_ALLOW_ORIGIN" => Some("http://a.example, http://b.example".to_string()),
            "COLLECTOR_CONFIG" => Some(CONFIG.to_string()),
            "COLLECTOR_TRUST_PROXY" => Some("10.0.0.1".to_string()),
            _ => None,
        };
        let s = Settings::parse(&args(&["--min-cell", "12", "--wijken", "oost,noord"]), env).unwrap();
        assert_eq!(s.db, "postgres://x@127.0.0.1:5432/db");
        assert_eq!(s.min_cell, 12);
        assert_eq!(s.allow_origins, vec!["http://a.example", "http://b.example"]);
        assert_eq!(s.wijken, vec!["noord".to_string(), "oost".to_string()], "in the config's order");
        assert_eq!(s.trust_proxy, Some("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn bad_values_are_named() {
        let with_config = |extra: &[&str]| {
            let mut a = args(&["--config", CONFIG]);
            a.extend(args(extra));
            Settings::parse(&a, |_| None)
        };
        assert_eq!(with_config(&["--min-cell", "1"]).unwrap_err().to_string(), "--min-cell: must be at least 2");
        assert_eq!(Settings::parse(&args(&["--port", "1"]), |_| None), Err(SettingsError::Unknown("--port".into())));
        assert_eq!(Settings::parse(&args(&["--db"]), |_| None), Err(SettingsError::NoValue("--db".into())));
        assert!(with_config(&["--wijken", "Noord"]).is_err());
        assert!(with_config(&["--wijken", "centrum"]).is_err(), "not a wijk of the config");
        assert!(with_config(&["--listen", "localhost"]).is_err());
        assert!(with_config(&["--trust-proxy", "proxy.local"]).is_err());
    }

    #[test]
    fn codes_from_the_demo_config() {
        let codes = codes_from_config(CONFIG).unwrap();
        assert!(codes.wijken.contains(&"noord".to_string()));
        assert!(codes.destinations.contains(&"debt".to_string()));
        // Urgent contact kinds are no destinations in format 2: an urgent check is its own record.
        assert!(codes.urgent_kinds.contains(&"team_urgent".to_string()));
        assert!(!codes.destinations.contains(&"team_urgent".to_string()));
        assert!(codes.urgent_kinds.contains(&"crisis".to_string()));
        assert!(!codes.urgent_kinds.contains(&"debt".to_string()));
    }
}
