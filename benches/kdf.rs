//! Key-slot cost (issue 14): guesses per second per core an attacker with a copied side file
//! gets, at the old fixed cost (19 MiB × 2), at the floor, and at what `store::kdf::calibrate`
//! chooses on this machine (about 1 s, memory up to 1 GiB). Run: `cargo bench -p madoguchi
//! --bench kdf`. One thread, so the figure is per core; figures in docs/benchmarks.md.

use std::time::{Duration, Instant};

use madoguchi::store::kdf::{self, Cost};

fn guesses_per_second(cost: Cost, at_least: Duration) -> (f64, u32) {
    let start = Instant::now();
    let mut n = 0u32;
    while n < 2 || start.elapsed() < at_least {
        let _ = kdf::time_one(cost);
        n += 1;
    }
    (n as f64 / start.elapsed().as_secs_f64(), n)
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let calibrated = kdf::calibrate_for(kdf::TARGET, kdf::memory_budget_kib());
    for (label, cost) in [
        ("before (issue 7: 19 MiB × 2)", kdf::LEGACY),
        ("floor (64 MiB × 3)", kdf::FLOOR),
        ("calibrated on this machine", calibrated),
    ] {
        let (gps, n) = guesses_per_second(cost, Duration::from_secs(5));
        println!(
            "{label}: m = {} MiB, t = {}, p = {} → {gps:.2} guesses/s/core ({:.0} ms per guess, {n} runs)",
            cost.m_kib / 1024,
            cost.t,
            cost.p,
            1000.0 / gps
        );
    }
}
