//! A per-client rate limit that stores nothing on disk and keeps no address.
//!
//! Each client gets a token bucket in memory, found by a keyed hash of its IP address (not the
//! address itself). The key is random, lives only in memory and is replaced every
//! `ROTATE_AFTER`, when all buckets are dropped: after that no hash can be tied to an address,
//! not even by someone who can read the process's memory later on. Nothing here is logged.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one hash key is used.
pub const ROTATE_AFTER: Duration = Duration::from_secs(3600);
/// More clients than this at once and idle buckets are dropped (memory stays bounded).
const MAX_CLIENTS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateConfig {
    /// Requests a client may make in a burst.
    pub burst: f64,
    /// Requests per second a client regains.
    pub per_second: f64,
}

impl RateConfig {
    pub fn per_minute(per_minute: u32, burst: u32) -> RateConfig {
        RateConfig { burst: f64::from(burst.max(1)), per_second: f64::from(per_minute) / 60.0 }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

struct State {
    /// `RandomState` is SipHash with a fresh random key: a keyed hash.
    key: RandomState,
    since: Instant,
    buckets: HashMap<u64, Bucket>,
}

pub struct RateLimiter {
    config: RateConfig,
    state: Mutex<State>,
}

/// `Err(retry_after)` when the client has to wait.
pub type Decision = Result<(), Duration>;

impl RateLimiter {
    pub fn new(config: RateConfig) -> RateLimiter {
        let state = State { key: RandomState::new(), since: Instant::now(), buckets: HashMap::new() };
        RateLimiter { config, state: Mutex::new(state) }
    }

    /// Takes one token of the client at `ip`, if there is one.
    pub fn check(&self, ip: IpAddr) -> Decision {
        self.check_at(ip, Instant::now())
    }

    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Decision {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if now.duration_since(state.since) >= ROTATE_AFTER {
            *state = State { key: RandomState::new(), since: now, buckets: HashMap::new() };
        }
        let id = state.key.hash_one(ip);
        if state.buckets.len() >= MAX_CLIENTS && !state.buckets.contains_key(&id) {
            let config = self.config;
            state.buckets.retain(|_, b| refilled(b, config, now) < config.burst);
            if state.buckets.len() >= MAX_CLIENTS {
                // Under a flood of distinct addresses: start afresh rather than lock out everyone.
                state.buckets.clear();
            }
        }
        let bucket = state.buckets.entry(id).or_insert(Bucket { tokens: self.config.burst, updated: now });
        bucket.tokens = refilled(bucket, self.config, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else if self.config.per_second > 0.0 {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.config.per_second))
        } else {
            Err(ROTATE_AFTER)
        }
    }

    /// How many clients have a bucket now (for tests).
    pub fn clients(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).buckets.len()
    }
}

fn refilled(b: &Bucket, config: RateConfig, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(b.updated).as_secs_f64();
    (b.tokens + elapsed * config.per_second).min(config.burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn a_burst_then_waiting() {
        let limiter = RateLimiter::new(RateConfig::per_minute(60, 3));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(A, t0), Ok(()));
        }
        let wait = limiter.check_at(A, t0).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        // Another client has its own bucket.
        assert_eq!(limiter.check_at(B, t0), Ok(()));
        // One token back after a second.
        assert_eq!(limiter.check_at(A, t0 + Duration::from_secs(1)), Ok(()));
        assert!(limiter.check_at(A, t0 + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn buckets_are_dropped_when_the_key_rotates() {
        let limiter = RateLimiter::new(RateConfig::per_minute(1, 1));
        let t0 = Instant::now();
        assert_eq!(limiter.check_at(A, t0), Ok(()));
        assert!(limiter.check_at(A, t0).is_err());
        assert_eq!(limiter.clients(), 1);
        let later = t0 + ROTATE_AFTER;
        assert_eq!(limiter.check_at(B, later), Ok(()));
        assert_eq!(limiter.clients(), 1, "only the bucket made under the new key");
        assert_eq!(limiter.check_at(A, later), Ok(()));
    }
}
