//! How much Argon2id work a key slot costs: calibrated per machine, as LUKS2 does.
//!
//! A copied side file can be attacked offline, where no lockout applies; what protects it is the
//! cost of one guess. So a slot's cost is measured on the machine when the office's database is
//! made (`calibrate`: about one second, memory as high as the machine allows up to 1 GiB, never
//! below [`FLOOR`]), recorded in the database (`meta.kdf_target`, where someone who can only
//! write the side file cannot lower it), stored in every slot, and an older, cheaper slot is
//! rewrapped at its account's next successful login (`auth::login`).
//!
//! Tests need cheap slots. They get them only through an explicit test setting —
//! `MADOGUCHI_TEST_KDF=cheap`, honoured only by debug builds (the tests set it in
//! `.cargo/config.toml`, the screen tests when they start the bridge) — never by lowering the
//! shipped default: a release build ignores the variable.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

/// Argon2id parameters: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Cost {
    /// `self` is weaker than `target`: less memory, or the same memory and fewer passes.
    pub fn weaker_than(&self, target: &Cost) -> bool {
        self.m_kib < target.m_kib || (self.m_kib == target.m_kib && self.t < target.t)
    }

    /// Within what a slot may ask for (`keyslots` refuses anything else as an edited file).
    pub fn in_bounds(&self) -> bool {
        M_KIB.contains(&self.m_kib) && T.contains(&self.t) && P.contains(&self.p)
    }

    pub fn label(&self) -> String {
        format!("{} MiB × {} 回", self.m_kib / 1024, self.t)
    }
}

/// The least a slot made by this program costs, whatever the machine: 64 MiB × 3 passes
/// (RFC 9106's second recommended setting). Calibration only ever goes up from here.
pub const FLOOR: Cost = Cost {
    m_kib: 64 * 1024,
    t: 3,
    p: 1,
};
/// The memory ceiling: 1 GiB, as LUKS2's default.
pub const MAX_M_KIB: u32 = 1024 * 1024;
/// The time one guess should take on the desk PC.
pub const TARGET: Duration = Duration::from_millis(1000);
/// The cost slots had before calibration (issue 7): 19 MiB × 2. Older slots are raised.
pub const LEGACY: Cost = Cost {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};
/// What the test setting makes: cheap, for tests only.
pub const TEST_CHEAP: Cost = Cost {
    m_kib: 8 * 1024,
    t: 1,
    p: 1,
};

/// Bounds of a slot read from the file: the legacy and test costs are readable (and raised),
/// never enough to exhaust memory beyond 1 GiB or hang a login beyond a few seconds.
pub const M_KIB: std::ops::RangeInclusive<u32> = 8 * 1024..=MAX_M_KIB;
pub const T: std::ops::RangeInclusive<u32> = 1..=16;
pub const P: std::ops::RangeInclusive<u32> = 1..=4;

/// Is the explicit test-only setting on? Only debug builds look at the variable.
pub fn test_cheap() -> bool {
    cfg!(debug_assertions)
        && std::env::var("MADOGUCHI_TEST_KDF")
            .map(|v| v == "cheap")
            .unwrap_or(false)
}

/// The cost for a slot when the database has no calibrated target to offer (a side file made
/// outside a database, the dummy work for an unknown ID with no slot to copy).
pub fn fallback() -> Cost {
    if test_cheap() {
        TEST_CHEAP
    } else {
        FLOOR
    }
}

/// Memory this machine can give one login: a quarter of what is available now, between the
/// floor and 1 GiB.
pub fn memory_budget_kib() -> u32 {
    let avail = available_kib().unwrap_or(1024 * 1024);
    (avail / 4).clamp(FLOOR.m_kib as u64, MAX_M_KIB as u64) as u32 / 1024 * 1024
}

fn available_kib() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// One Argon2id run at `cost` over a fixed input; how long it took.
pub fn time_one(cost: Cost) -> Duration {
    let params = Params::new(cost.m_kib, cost.t, cost.p, Some(32)).expect("bounded params");
    let mut out = [0u8; 32];
    let start = Instant::now();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(b"calibration-password", b"calibration-salt", &mut out)
        .expect("bounded params");
    start.elapsed()
}

/// The cost for this machine: the memory budget, then as many passes as make one guess take
/// about `target`, never below [`FLOOR`]. When one pass over the whole budget already takes
/// longer than `target`, the memory is lowered instead (as LUKS2 does), so a login stays near
/// its target on a slow PC; never below the floor. Under the test setting: [`TEST_CHEAP`],
/// unmeasured.
pub fn calibrate() -> Cost {
    if test_cheap() {
        return TEST_CHEAP;
    }
    calibrate_for(TARGET, memory_budget_kib())
}

/// [`calibrate`] with an explicit target and memory (for the benchmark and its test).
pub fn calibrate_for(target: Duration, m_kib: u32) -> Cost {
    let mut m_kib = m_kib.clamp(FLOOR.m_kib, MAX_M_KIB);
    let mut one_pass = time_one(Cost { m_kib, t: 1, p: 1 }).max(Duration::from_millis(1));
    if one_pass > target {
        // Argon2's time is linear in its memory: scale it to the target, whole MiB.
        let scaled = (m_kib as f64 * target.as_secs_f64() / one_pass.as_secs_f64()) as u32;
        m_kib = (scaled / 1024 * 1024).clamp(FLOOR.m_kib, MAX_M_KIB);
        one_pass = time_one(Cost { m_kib, t: 1, p: 1 }).max(Duration::from_millis(1));
    }
    // Rounded, not ceiled: a pass of 0.98 × target must not become two (a login of 2 × target).
    let t = (target.as_secs_f64() / one_pass.as_secs_f64())
        .round()
        .max(1.0) as u32;
    let mut c = Cost {
        m_kib,
        t: t.clamp(1, *T.end()),
        p: 1,
    };
    // Less memory than the floor is impossible (clamped); fewer passes than the floor's work
    // is topped up, so a fast machine never ends up cheaper than the floor.
    let floor_work = FLOOR.m_kib as u64 * FLOOR.t as u64;
    while (c.m_kib as u64 * c.t as u64) < floor_work && c.t < *T.end() {
        c.t += 1;
    }
    c
}

/// The cost recorded in the database as `m_kib,t,p`.
pub fn parse(s: &str) -> Option<Cost> {
    let mut it = s.split(',').map(|x| x.trim().parse::<u32>().ok());
    let c = Cost {
        m_kib: it.next()??,
        t: it.next()??,
        p: it.next()??,
    };
    (it.next().is_none() && c.in_bounds()).then_some(c)
}

pub fn format(c: &Cost) -> String {
    format!("{},{},{}", c.m_kib, c.t, c.p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_never_goes_below_the_floor() {
        // A tiny target on a small budget: the floor still holds.
        let c = calibrate_for(Duration::from_millis(1), 8 * 1024);
        assert!(c.m_kib >= FLOOR.m_kib, "{c:?}");
        assert!(c.m_kib as u64 * c.t as u64 >= FLOOR.m_kib as u64 * FLOOR.t as u64);
        assert!(c.in_bounds());
        assert!(!c.weaker_than(&FLOOR));
    }

    #[test]
    fn a_pass_slower_than_the_target_lowers_the_memory_not_below_the_floor() {
        // No machine fills and mixes 256 MiB in 5 ms: the memory must come down to the floor's,
        // with the floor's passes, instead of keeping 256 MiB and overshooting the target.
        let c = calibrate_for(Duration::from_millis(5), 256 * 1024);
        assert_eq!(c.m_kib, FLOOR.m_kib, "{c:?}");
        assert!(!c.weaker_than(&FLOOR), "{c:?}");
        assert!(c.in_bounds());
    }

    #[test]
    fn the_shipped_default_is_not_the_test_setting() {
        // Whatever the environment, what a slot falls back to outside the test setting is the
        // floor, and the legacy cost counts as weaker than it (so old slots get raised).
        assert!(LEGACY.weaker_than(&FLOOR));
        assert!(TEST_CHEAP.weaker_than(&FLOOR));
        assert!(!cfg!(debug_assertions) || test_cheap() || fallback() == FLOOR);
    }

    #[test]
    fn recorded_cost_round_trips_and_refuses_out_of_bounds() {
        assert_eq!(parse(&format(&FLOOR)), Some(FLOOR));
        assert_eq!(parse("1,1,1"), None);
        assert_eq!(parse("65536,3"), None);
        assert_eq!(parse(&format!("{},1,1", MAX_M_KIB * 2)), None);
    }
}
