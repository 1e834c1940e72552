//! Team keys: only a wijkteam registers a question that came by phone, at the walk-in hour, by
//! e-mail or via a partner (a record whose `channel` is not `app`). Each team has one key, set on
//! this server in a file (`--team-keys`), typed once on the team's device and sent with those
//! records only (`Authorization: Bearer <key>`).
//!
//! - The file has one line per team: `team-id key` (`#` starts a comment line). The team id is
//!   for the people who keep the file (which line to remove to revoke a key); the register never
//!   sees it, and nothing of the key or the team is stored with a record, so the register never
//!   becomes a log of one team's or one worker's output.
//! - The file is read when the collector starts: a removed line is a revoked key after the next
//!   start.
//! - Keys are kept only as SHA-256 digests, and a presented key is compared with every one of
//!   them in constant time (`subtle`), so the time an answer takes says nothing about how much
//!   of a key was right, or which team's key it was.
//! - No key, team id or `Authorization` header is ever logged or shown (`Debug` shows the number
//!   of teams; errors name the line, not its content).

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

pub use wijkpeil_wire::{is_team_key, TEAM_KEY_MAX_CHARS, TEAM_KEY_MIN_CHARS};

/// The keys of the teams that may register questions.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TeamKeys {
    digests: Vec<[u8; 32]>,
}

impl std::fmt::Debug for TeamKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TeamKeys({} teams)", self.digests.len())
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

fn is_team_id(id: &str) -> bool {
    wijkpeil_wire::is_config_code(id)
}

impl TeamKeys {
    /// Reads the lines `team-id key`. An error names the line and what is wrong with it, never
    /// the key.
    pub fn parse(text: &str) -> Result<TeamKeys, String> {
        let mut teams: Vec<&str> = Vec::new();
        let mut digests: Vec<[u8; 32]> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = n + 1;
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [team, key] = parts.as_slice() else {
                return Err(format!("line {at}: write a team id and its key, separated by a space"));
            };
            if !is_team_id(team) {
                return Err(format!("line {at}: a team id is [a-z][a-z0-9_-]{{0,39}}"));
            }
            if !is_team_key(key) {
                return Err(format!(
                    "line {at}: a key is {TEAM_KEY_MIN_CHARS} to {TEAM_KEY_MAX_CHARS} visible ASCII characters"
                ));
            }
            if teams.contains(team) {
                return Err(format!("line {at}: team {team} has a key on an earlier line"));
            }
            let d = digest(key);
            if digests.contains(&d) {
                return Err(format!("line {at}: another team has this key"));
            }
            teams.push(team);
            digests.push(d);
        }
        Ok(TeamKeys { digests })
    }

    /// The keys in the file at `path`.
    pub fn from_file(path: &str) -> Result<TeamKeys, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        TeamKeys::parse(&text).map_err(|e| format!("{path}: {e}"))
    }

    /// How many teams have a key.
    pub fn len(&self) -> usize {
        self.digests.len()
    }

    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }

    /// Whether `presented` is a team's key: compared with every key, each in constant time,
    /// without stopping at a match.
    pub fn knows(&self, presented: &str) -> bool {
        let presented = digest(presented);
        let found = self.digests.iter().fold(Choice::from(0), |found, d| found | d.ct_eq(&presented));
        bool::from(found)
    }
}

/// The key in an `Authorization: Bearer <key>` header value, if it is one.
pub fn bearer(value: &str) -> Option<&str> {
    let (scheme, key) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim()).filter(|k| !k.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# wijkteams\nnoord k7Qm-2xPa-9LdW-4tRz\n\n  oost   Zr8v-Pq3n-Lw6c-1mHd  \n";

    #[test]
    fn reads_one_key_per_team_and_knows_only_those() {
        let keys = TeamKeys::parse(FILE).unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys.knows("k7Qm-2xPa-9LdW-4tRz"));
        assert!(keys.knows("Zr8v-Pq3n-Lw6c-1mHd"));
        assert!(!keys.knows("k7Qm-2xPa-9LdW-4tR"), "a key cut short");
        assert!(!keys.knows("k7qm-2xpa-9ldw-4trz"), "keys are case-sensitive");
        assert!(!keys.knows(""));
        assert!(!TeamKeys::default().knows("k7Qm-2xPa-9LdW-4tRz"), "no file: no team");
    }

    #[test]
    fn a_revoked_key_is_a_removed_line() {
        let without_oost: String = FILE.lines().filter(|l| !l.contains("oost")).collect::<Vec<_>>().join("\n");
        let keys = TeamKeys::parse(&without_oost).unwrap();
        assert!(keys.knows("k7Qm-2xPa-9LdW-4tRz"));
        assert!(!keys.knows("Zr8v-Pq3n-Lw6c-1mHd"));
    }

    #[test]
    fn bad_lines_are_named_without_the_key() {
        for (text, expect) in [
            ("noord", "line 1: write a team id"),
            ("noord short", "line 1: a key is 16"),
            ("Noord k7Qm-2xPa-9LdW-4tRz", "line 1: a team id"),
            ("noord k7Qm-2xPa-9LdW-4tRz extra", "line 1: write a team id"),
            ("noord k7Qm-2xPa-9LdW-4tRz\nnoord Zr8v-Pq3n-Lw6c-1mHd", "line 2: team noord has a key"),
            ("noord k7Qm-2xPa-9LdW-4tRz\noost k7Qm-2xPa-9LdW-4tRz", "line 2: another team has this key"),
        ] {
            let e = TeamKeys::parse(text).unwrap_err();
            assert!(e.starts_with(expect), "{text}: {e}");
            assert!(!e.contains("k7Qm") && !e.contains("Zr8v") && !e.contains("short"), "{e}");
        }
    }

    #[test]
    fn debug_shows_no_key() {
        let shown = format!("{:?}", TeamKeys::parse(FILE).unwrap());
        assert_eq!(shown, "TeamKeys(2 teams)");
    }

    #[test]
    fn the_bearer_header() {
        assert_eq!(bearer("Bearer k7Qm-2xPa-9LdW-4tRz"), Some("k7Qm-2xPa-9LdW-4tRz"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("k7Qm-2xPa-9LdW-4tRz"), None);
    }
}
