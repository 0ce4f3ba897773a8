//! Write the sample documents as PDFs into a directory (default `/tmp/madoguchi-samples`), for
//! looking at them: `cargo run --example render_samples -- DIR`, then `pdftoppm -r 80 -png`.

use madoguchi::print::{render, samples, Document};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "/tmp/madoguchi-samples".into());
    std::fs::create_dir_all(&dir)?;
    let mut reissued = Document::Certificate(samples::certificate());
    reissued.set_reissue(true);
    let docs = [
        ("certificate", Document::Certificate(samples::certificate())),
        ("certificate-reissue", reissued),
        ("cover_letter", Document::CoverLetter(samples::cover_letter())),
    ];
    for (name, doc) in docs {
        let pdf = render(&doc)?;
        let path = format!("{dir}/{name}.pdf");
        std::fs::write(&path, &pdf)?;
        println!("{path}: {} bytes", pdf.len());
    }
    Ok(())
}
