//! Key-slot cost (issue 14): guesses per second per core an attacker with a copied side file
//! gets, at the old fixed cost (19 MiB × 2), at the floor, and at what `store::kdf::calibrate`
//! chooses on this machine (about 1 s, memory up to 1 GiB) — which is also how long a login's key
//! derivation takes here. One thread, so the figure is per core; figures in docs/benchmarks.md.
//!
//! Run: `make bench-kdf` (`cargo bench -p madoguchi --bench kdf --profile dev`: Argon2 and BLAKE2
//! are built at opt-level 3 in every profile, so the figures are the release build's, without a
//! release build of everything). It prints the machine and its load before and after, and each
//! cost both in CPU time (guesses/s/core: what one core of an attacker's machine of this class
//! does, nearly independent of the load) and in wall time (how long a login waits here, now).
//! The calibration itself times wall clock, so on a loaded machine it chooses fewer passes.

use std::time::{Duration, Instant};

use madoguchi::store::kdf::{self, Cost};

/// This thread's CPU time: what a guess costs one core, whatever else the machine is running
/// (the wall time of a guess is what a login waits, and grows with the load).
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// (guesses per CPU second, guesses per wall second, runs), over at least `at_least` of wall time.
fn guesses_per_second(cost: Cost, at_least: Duration) -> (f64, f64, u32) {
    let (start, cpu) = (Instant::now(), thread_cpu());
    let mut n = 0u32;
    while n < 3 || start.elapsed() < at_least {
        let _ = kdf::time_one(cost);
        n += 1;
    }
    let per = |d: Duration| n as f64 / d.as_secs_f64();
    (per(thread_cpu() - cpu), per(start.elapsed()), n)
}

fn proc_file(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// `load average 1/5/15 min`, from /proc/loadavg (empty elsewhere).
fn load() -> String {
    proc_file("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" / ")
}

fn machine() -> String {
    let cpu = proc_file("/proc/cpuinfo");
    let model = cpu
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = |key: &str| {
        proc_file("/proc/meminfo")
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or("?".into(), |kib| {
                format!("{:.1} GiB", kib as f64 / 1048576.0)
            })
    };
    format!(
        "{model}, {cores} cores, memory {} total / {} available",
        mem("MemTotal:"),
        mem("MemAvailable:")
    )
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    println!("machine: {}", machine());
    println!("load average (1 / 5 / 15 min) before: {}", load());
    let budget = kdf::memory_budget_kib();
    let started = Instant::now();
    let calibrated = kdf::calibrate_for(kdf::TARGET, budget);
    println!(
        "calibration: memory budget {} MiB (¼ of available, {}–{} MiB), target {} ms → {} ({} ms to calibrate)",
        budget / 1024,
        kdf::FLOOR.m_kib / 1024,
        kdf::MAX_M_KIB / 1024,
        kdf::TARGET.as_millis(),
        kdf::format(&calibrated),
        started.elapsed().as_millis()
    );
    for (label, cost) in [
        ("before (issue 7: 19 MiB × 2)", kdf::LEGACY),
        ("floor (64 MiB × 3)", kdf::FLOOR),
        ("calibrated on this machine", calibrated),
    ] {
        let (cpu, wall, n) = guesses_per_second(cost, Duration::from_secs(5));
        println!(
            "{label}: m = {} MiB, t = {}, p = {} → {cpu:.2} guesses/s/core ({:.0} ms of CPU per guess); \
             wall clock under this load: {wall:.2} guesses/s ({:.0} ms per guess = a login's wait), {n} runs",
            cost.m_kib / 1024,
            cost.t,
            cost.p,
            1000.0 / cpu,
            1000.0 / wall
        );
    }
    println!("load average (1 / 5 / 15 min) after: {}", load());
}
