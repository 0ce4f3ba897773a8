//! Render a batch of N sample 医療券 (`samples::medical_vouchers` repeated) and time it, for
//! profiling the PDF step of the voucher run without a database:
//! `cargo run --release --example pdf_batch_profile -- 5000`.

use std::time::Instant;

use madoguchi::print::{render, samples, Document};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let mut batch = samples::medical_vouchers();
    let one = batch.vouchers.clone();
    batch.vouchers = one.iter().cycle().take(n).cloned().collect();
    let doc = Document::MedicalVouchers(batch);
    let t = Instant::now();
    let pdf = render(&doc).unwrap();
    println!(
        "{n} vouchers: {:.3} s, {} bytes",
        t.elapsed().as_secs_f64(),
        pdf.len()
    );
}
