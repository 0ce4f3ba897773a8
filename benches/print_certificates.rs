//! Benchmark: 1,000 保護受給証明書 rendered to PDF, on one thread and on every core; bytes per
//! page; and the same page drawn by Python's reportlab with the same fonts, for comparison.
//!
//! `cargo bench --bench print_certificates`. Environment: `BENCH_PAGES` (default 1000),
//! `BENCH_PEER=0` to skip the reportlab run (it needs `python3` with `reportlab`).
//! Figures go to `docs/benchmarks.md` by hand.

use std::process::Command;
use std::time::{Duration, Instant};

use madoguchi::print::{render, samples, Document};

fn doc(i: usize) -> Document {
    let mut c = samples::certificate();
    c.issue_number = format!("窓福第{i}号");
    Document::Certificate(c)
}

/// Render certificates `range`; (pages, total bytes).
fn render_range(range: std::ops::Range<usize>) -> (usize, usize) {
    let mut bytes = 0;
    for i in range.clone() {
        bytes += render(&doc(i)).expect("renders").len();
    }
    (range.len(), bytes)
}

fn report(label: &str, pages: usize, bytes: usize, t: Duration) -> f64 {
    let pps = pages as f64 / t.as_secs_f64();
    println!(
        "{label:<28} {pages:>5} pages  {:>8.3} s  {pps:>9.1} pages/s  {:>8.0} bytes/page",
        t.as_secs_f64(),
        bytes as f64 / pages as f64
    );
    pps
}

fn main() {
    let n: usize = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    // Parse the fonts once, as a running desk application would have.
    let t = Instant::now();
    render(&doc(0)).expect("renders");
    println!(
        "first render (parses fonts): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    let t = Instant::now();
    let (pages, bytes) = render_range(0..n);
    let single = report("madoguchi, 1 thread", pages, bytes, t.elapsed());

    let t = Instant::now();
    let chunk = n.div_ceil(threads);
    let (pages, bytes) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| s.spawn(move || render_range(k * chunk..((k + 1) * chunk).min(n))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    report(
        &format!("madoguchi, {threads} threads"),
        pages,
        bytes,
        t.elapsed(),
    );

    if std::env::var("BENCH_PEER").as_deref() == Ok("0") {
        return;
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/peers/reportlab_certificate.py"
    );
    match Command::new("python3")
        .arg(script)
        .arg(n.to_string())
        .output()
    {
        Ok(out) if out.status.success() => {
            let line = String::from_utf8_lossy(&out.stdout);
            let field = |k: &str| -> f64 {
                line.split(&format!("\"{k}\": "))
                    .nth(1)
                    .and_then(|r| r.split([',', '}']).next())
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(f64::NAN)
            };
            let (pps, bpp) = (field("pages_per_sec"), field("bytes_per_page"));
            println!(
                "{:<28} {n:>5} pages  {:>8.3} s  {pps:>9.1} pages/s  {bpp:>8.0} bytes/page",
                "reportlab, 1 thread",
                field("seconds")
            );
            println!("madoguchi / reportlab (1 thread): {:.1}×", single / pps);
        }
        Ok(out) => println!(
            "reportlab peer failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => println!("reportlab peer not run (python3: {e})"),
    }
}
