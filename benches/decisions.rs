//! Decision-side throughput at a town's scale:
//!
//! 1. 最低生活費 + 収入認定 + 保護費 (`calc::calculate`: the set was checked and indexed once when
//!    loaded, so this is only the household's own work) for 10,000 in-memory households, each
//!    computed 5 times, with the test fixture (`tests/fixtures/rates/test-2025`, 試験用・実在しない —
//!    the figures do not matter, the work does) and with the shipped national set
//!    (`data/rates/national-2026-10`, whose 経過的加算 and 住宅扶助 tables are the largest).
//!    Target: one household under 5 µs. Wall time and the process's own CPU time are both
//!    reported, because the bench often shares its 2 cores with other builds.
//! 2. `App::bulk_preview` (一括認定の試算) over 10,000 保護中 households in a real encrypted
//!    database: read each stored situation and its members, recompute, compare. Target < 5 s.
//! 3. `App::bulk_apply` drafting a 変更 decision (with its full snapshot) for each of them in one
//!    transaction — no target, reported for planning.
//!
//! Run: `cargo bench --bench decisions` (release build); `MADOGUCHI_BENCH_CALC_ONLY=1` stops after
//! part 1. Figures go in docs/benchmarks.md.

use std::time::Instant;

use chrono::NaiveDate;
use madoguchi::calc::situation::IncomeKind;
use madoguchi::calc::{self, Grade, HouseholdSituation, IncomeItem, MemberSituation, WinterRegion};
use madoguchi::demo::{
    self,
    town::{self, Town},
};
use madoguchi::domain::decision::{IncomeInput, SituationInput};
use madoguchi::service::{system_clock, App};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HOUSEHOLDS: usize = 10_000;
const ROUNDS: usize = 5;

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/test-2025")
}

/// Nanoseconds this thread has spent on a CPU (Linux `/proc/self/schedstat`), if readable.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Compute every household `ROUNDS` times; print wall and CPU µs per household.
fn time_calc(what: &str, set: &calc::RateSet, situations: &[HouseholdSituation], date: NaiveDate) {
    let cpu0 = cpu_ns();
    let t = Instant::now();
    let mut total = 0i64;
    for _ in 0..ROUNDS {
        for s in situations {
            total += calc::calculate(set, s, date).unwrap().benefit_yen;
        }
    }
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu0.zip(cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
    std::hint::black_box(total);
    let n = (ROUNDS * situations.len()) as f64;
    println!(
        "calc::calculate ({what}) × {}: wall {:.3} s ({:.2} µs per household), CPU {}",
        ROUNDS * situations.len(),
        wall,
        wall * 1e6 / n,
        cpu.map(|c| format!("{c:.3} s ({:.2} µs per household)", c * 1e6 / n))
            .unwrap_or_else(|| "n/a".into())
    );
}

fn main() {
    let date = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap(); // winter months and 期末一時扶助
    let today = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let data = demo::generate(HOUSEHOLDS, 42, today);
    let mut rng = StdRng::seed_from_u64(7);

    // 1. Pure calculation.
    let t = Instant::now();
    let set = calc::load_dir(fixture_dir()).unwrap();
    println!(
        "load + check + index the fixture set: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let situations: Vec<HouseholdSituation> = data
        .iter()
        .map(|h| {
            let members: Vec<MemberSituation> = h
                .members
                .iter()
                .map(|m| MemberSituation::born(m.birth_date))
                .collect();
            let incomes = if rng.gen_bool(0.3) {
                vec![IncomeItem {
                    member: Some(0),
                    kind: IncomeKind::Earned,
                    label: String::new(),
                    gross_yen: rng.gen_range(10_000..150_000),
                    expenses_yen: 5_000,
                }]
            } else {
                vec![]
            };
            HouseholdSituation {
                members,
                grade: if rng.gen_bool(0.5) {
                    Grade::G1_1
                } else {
                    Grade::G3_2
                },
                prefecture: None,
                winter_region: WinterRegion::new(rng.gen_range(1..=6)),
                housing_area: Some("試験県".into()),
                rent_yen: rng.gen_range(0..70_000),
                incomes,
                care_cost_yen: 0,
                medical_cost_yen: 0,
            }
        })
        .collect();
    time_calc("test fixture", &set, &situations, date);
    let t = Instant::now();
    let national = calc::load_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rates/national-2026-10"),
    )
    .unwrap();
    println!(
        "load + check + index national-2026-10: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let prefectures = ["東京都", "北海道", "埼玉県", "宮城県", "大阪府"];
    let areas = ["東京都", "北海道", "埼玉県", "大阪府", "札幌市"];
    let national_situations: Vec<HouseholdSituation> = situations
        .iter()
        .enumerate()
        .map(|(i, s)| HouseholdSituation {
            prefecture: Some(prefectures[i % 5].into()),
            winter_region: None,
            housing_area: Some(areas[(i / 5) % 5].into()),
            ..s.clone()
        })
        .collect();
    time_calc(
        "national-2026-10",
        &national,
        &national_situations,
        NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
    );
    if std::env::var_os("MADOGUCHI_BENCH_CALC_ONLY").is_some() {
        return;
    }

    // 2. Bulk preview on a real database.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let files: Vec<(String, String)> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    let spec = Town {
        households: HOUSEHOLDS,
        today,
        now: "2025-12-01T09:00:00+09:00",
        admin: ("bench", "sokutei-kanri-2025"),
        caseworker_password: "sokutei-tanto-2025",
        rate_files: &files,
    };
    let t = Instant::now();
    town::build(&path, &spec, &system_clock(), |_, head| SituationInput {
        winter_region: Some(rng.gen_range(1..=6)),
        housing_area: Some("試験県".into()),
        rent_yen: rng.gen_range(0..70_000),
        care_cost_yen: 0,
        medical_cost_yen: 0,
        members: vec![],
        incomes: if rng.gen_bool(0.3) {
            vec![IncomeInput {
                person_id: Some(head),
                kind: IncomeKind::Earned,
                label: "給与".into(),
                gross_yen: rng.gen_range(10_000..150_000),
                expenses_yen: 5_000,
            }]
        } else {
            vec![]
        },
    })
    .unwrap();
    println!(
        "built {HOUSEHOLDS} active households with situations, the rate set and a caseworker in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let mut cw = App::login(&path, "cw", "sokutei-tanto-2025").unwrap();

    let t = Instant::now();
    let rows = cw.bulk_preview("test-2025", "2025-12-15").unwrap().rows;
    let preview = t.elapsed();
    let errors = rows.iter().filter(|r| r.error.is_some()).count();
    println!(
        "bulk_preview × {} households: {:.3} s ({errors} could not be recomputed)",
        rows.len(),
        preview.as_secs_f64()
    );
    let t = Instant::now();
    let rows = cw.bulk_preview("test-2025", "2025-12-15").unwrap().rows;
    println!(
        "bulk_preview again (rate set cached): {:.3} s",
        t.elapsed().as_secs_f64()
    );
    std::hint::black_box(rows);

    // 3. Bulk apply: every household changes (none has approved amounts yet).
    let t = Instant::now();
    let res = cw
        .bulk_apply(
            "test-2025",
            "2025-12-15",
            "基準改定（計測）",
            &["standard_revision".into()],
        )
        .unwrap();
    println!(
        "bulk_apply: {} drafts in one transaction in {:.3} s",
        res.created.len(),
        t.elapsed().as_secs_f64()
    );
    println!(
        "database file: {:.1} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
}
