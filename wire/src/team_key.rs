//! The shape of a team key, the same for the app (what a worker types once in `/balie`) and the
//! collector (its `--team-keys` file): a team key goes with a question the team registered (a
//! record whose channel is not `app`) as `Authorization: Bearer <key>`, never in the record.

/// Shorter keys are refused: a team types its key once, so it can be long enough that nobody
/// guesses it.
pub const TEAM_KEY_MIN_CHARS: usize = 16;
pub const TEAM_KEY_MAX_CHARS: usize = 128;

/// 16 to 128 visible ASCII characters (no spaces).
pub fn is_team_key(key: &str) -> bool {
    (TEAM_KEY_MIN_CHARS..=TEAM_KEY_MAX_CHARS).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Whether a record with this channel needs a team key: every channel but `app`.
pub fn channel_needs_team_key(channel: &str) -> bool {
    channel != "app"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_long_visible_ascii() {
        assert!(is_team_key("k7Qm-2xPa-9LdW-4tRz"));
        assert!(is_team_key(&"a".repeat(128)));
        assert!(!is_team_key(&"a".repeat(129)));
        assert!(!is_team_key("k7Qm-2xPa-9LdW"), "15 characters");
        assert!(!is_team_key("k7Qm 2xPa 9LdW 4tRz"), "spaces");
        assert!(!is_team_key("k7Qm-2xPa-9LdW-4tRé"), "not ASCII");
    }

    #[test]
    fn only_the_apps_own_channel_needs_no_key() {
        for channel in crate::CHANNELS {
            assert_eq!(channel_needs_team_key(channel), channel != "app");
        }
    }
}
