//! Counter-search and household-open latency at scale: 100,000 persons in 40,000 households in a
//! real encrypted database, through the same use cases the UI calls (`App::search`,
//! `App::open_household`, which also writes its audit entry). Prints percentiles; the figures go
//! in docs/benchmarks.md. Targets: search p95 < 20 ms, open p95 < 10 ms.
//!
//! Run: `cargo bench --bench counter_search` (release build). Not a test: no timed assertions.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use madoguchi::demo;
use madoguchi::domain::household::{MyNumberChange, Sex, ValidMember};
use madoguchi::service::{system_clock, App};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HOUSEHOLDS: usize = 40_000;
const PERSONS: usize = 100_000;
const QUERIES: usize = 2_000;
const OPENS: usize = 1_000;

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(name: &str, mut v: Vec<Duration>) {
    v.sort();
    let mean = v.iter().sum::<Duration>().as_secs_f64() * 1000.0 / v.len() as f64;
    println!(
        "{name:<28} n={:<5} mean={mean:>7.3} ms  p50={:>7.3}  p95={:>7.3}  p99={:>7.3}  max={:>7.3}",
        v.len(),
        pct(&v, 0.50),
        pct(&v, 0.95),
        pct(&v, 0.99),
        pct(&v, 1.0)
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let clock = system_clock();
    let today = clock().date_naive();

    let t = Instant::now();
    let mut data = demo::generate(HOUSEHOLDS, 42, today);
    // Top up to exactly PERSONS with children, so household sizes match a town's file.
    let mut rng = StdRng::seed_from_u64(43);
    let mut total: usize = data.iter().map(|h| h.members.len()).sum();
    let mut i = 0;
    while total < PERSONS {
        let h = &mut data[i % HOUSEHOLDS];
        let surname = h.members[0].name.split(' ').next().unwrap().to_string();
        let surname_kana = h.members[0].kana.split(' ').next().unwrap().to_string();
        h.members.push(ValidMember {
            name: format!("{surname} 子{}", h.members.len()),
            kana: format!("{surname_kana} コ{}", h.members.len()),
            birth_date: NaiveDate::from_ymd_opt(
                rng.gen_range(2005..2024),
                rng.gen_range(1..13),
                rng.gen_range(1..29),
            )
            .unwrap(),
            sex: Sex::Unspecified,
            relationship: "子".into(),
            is_head: false,
            my_number: MyNumberChange::Keep,
            addressee_number: None,
            dv_protected: false,
            death_date: None,
        });
        total += 1;
        i += 7;
    }
    let mut store = madoguchi::service::setup::create_office_database_without_national_rates(
        &path,
        "bench",
        "計測 担当",
        "keisoku-desk-2025",
        &clock,
    )
    .unwrap();
    let now = clock().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    demo::load(
        &mut store,
        "bench",
        &now,
        &data,
        &[],
        &madoguchi::store::reveal::RevealKey::generate(),
    )
    .unwrap();
    store.checkpoint().unwrap();
    drop(store);
    println!(
        "loaded {HOUSEHOLDS} households / {total} persons in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    println!(
        "database file: {:.1} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );

    // An administrator may search and open; that is all this needs.
    let t = Instant::now();
    let mut app = App::login(&path, "bench", "keisoku-desk-2025").unwrap();
    println!(
        "login (Argon2id + open + migrate check): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    app.search("ミホン", 50, false).unwrap();
    println!(
        "first search incl. index load: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // A counter's mix: kana prefixes as typed (1–4 characters), full names, kanji surnames,
    // case numbers (exact and partial), birth dates in 和暦 and 西暦, phone fragments.
    let mut rng = StdRng::seed_from_u64(44);
    let mut queries: Vec<String> = Vec::with_capacity(QUERIES);
    while queries.len() < QUERIES {
        let h = &data[rng.gen_range(0..HOUSEHOLDS)];
        let m = &h.members[rng.gen_range(0..h.members.len())];
        let q = match rng.gen_range(0..9) {
            0 => m.kana.chars().take(rng.gen_range(1..5)).collect(),
            1 => kana_to_hiragana(&m.kana.chars().take(3).collect::<String>()),
            2 => m.name.clone(),
            3 => m.name.split(' ').next().unwrap().to_string(),
            4 => h.household.case_number.clone(),
            5 => h.household.case_number[..rng.gen_range(3..6)].to_string(),
            6 => madoguchi::domain::era::format_wareki_short(m.birth_date),
            7 => m.birth_date.to_string(),
            _ => h
                .household
                .phone
                .clone()
                .map(|p| p[p.len() - 4..].to_string())
                .unwrap_or_else(|| m.kana.clone()),
        };
        queries.push(q);
    }
    let mut times = Vec::with_capacity(QUERIES);
    let mut by_kind: Vec<Vec<Duration>> = vec![vec![]; 3];
    for q in &queries {
        let t = Instant::now();
        let hits = app.search(q, 50, false).unwrap();
        let d = t.elapsed();
        std::hint::black_box(hits);
        times.push(d);
        let kind = if q.chars().all(|c| c.is_ascii_digit()) {
            2
        } else if q.chars().any(|c| c.is_ascii_digit()) {
            1
        } else {
            0
        };
        by_kind[kind].push(d);
    }
    report("search (all)", times);
    report("  search: names / kana", by_kind[0].clone());
    report("  search: case no. / dates", by_kind[1].clone());
    report("  search: digits only", by_kind[2].clone());

    // As the UI and CLI call it: every search also writes (and fsyncs) its audit entry.
    let mut times = Vec::with_capacity(QUERIES / 4);
    for q in queries.iter().take(QUERIES / 4) {
        let t = Instant::now();
        let hits = app.search(q, 50, true).unwrap();
        times.push(t.elapsed());
        std::hint::black_box(hits);
    }
    report("search + audit entry", times);

    let mut times = Vec::with_capacity(OPENS);
    for _ in 0..OPENS {
        let id = rng.gen_range(1..=HOUSEHOLDS as i64);
        let t = Instant::now();
        let v = app.open_household(id).unwrap();
        times.push(t.elapsed());
        std::hint::black_box(v);
    }
    report("open household (+audit)", times);
}

fn kana_to_hiragana(s: &str) -> String {
    s.chars()
        .map(|c| {
            if ('\u{30A1}'..='\u{30F6}').contains(&c) {
                char::from_u32(c as u32 - 0x60).unwrap()
            } else {
                c
            }
        })
        .collect()
}
