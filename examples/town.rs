//! An office of N 保護中 households (default 10,000), each with a stored situation, the test rate
//! set (open-ended copy) and a caseworker `cw`: for trying the background jobs (一括認定 with its
//! progress bar while the counter search keeps answering) at a town's scale.
//!
//! `cargo run --example town -- PATH [N]` — the administrator is `admin`, both passwords are
//! `madoguchi-demo` (cw: change at first login is done). Synthetic, fictitious data only.

use std::path::PathBuf;

use madoguchi::demo;
use madoguchi::domain::decision::SituationInput;
use madoguchi::domain::role::Role;
use madoguchi::service::{system_clock, App};

const PW: &str = "madoguchi-demo";

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("usage: town PATH [N]"));
    let n: usize = args.next().map(|s| s.parse().expect("N")).unwrap_or(10_000);
    let clock = system_clock();
    let mut store =
        madoguchi::service::setup::create_office_database(&path, "admin", "管理 者", PW, &clock)
            .unwrap();
    let now = clock().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let data = demo::generate(n, 42, clock().date_naive());
    demo::load(
        &mut store,
        "admin",
        &now,
        &data,
        &[],
        &madoguchi::store::reveal::RevealKey::generate(),
    )
    .unwrap();
    let mut office = demo::demo_office();
    office.grade = "1-1".into();
    store
        .write(
            "admin",
            &now,
            |tx| -> Result<(), madoguchi::store::StoreError> {
                madoguchi::store::office::put(tx.conn(), &office, &now)?;
                tx.conn()
                    .execute("UPDATE households SET status = 'active'", [])?;
                let ids: Vec<i64> = {
                    let mut st = tx.conn().prepare("SELECT id FROM households ORDER BY id")?;
                    let rows = st.query_map([], |r| r.get(0))?;
                    rows.collect::<rusqlite::Result<Vec<i64>>>()?
                };
                for (i, id) in ids.into_iter().enumerate() {
                    let input = SituationInput {
                        winter_region: 1 + (i % 6) as u8,
                        housing_area: Some("試験県".into()),
                        rent_yen: (i as i64 * 37) % 60_000,
                        care_cost_yen: 0,
                        medical_cost_yen: 0,
                        members: vec![],
                        incomes: vec![],
                    };
                    let json = serde_json::to_string(&input).unwrap();
                    madoguchi::store::decisions::put_situation(
                        tx.conn(),
                        id,
                        &json,
                        "admin",
                        &now,
                    )?;
                }
                Ok(())
            },
        )
        .unwrap();
    drop(store);
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/test-2025");
    let files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let text = if name == "manifest.toml" {
                text.replace("effective_to = \"2026-03-31\"\n", "")
            } else {
                text
            };
            (name, text)
        })
        .collect();
    let mut admin = App::login(&path, "admin", PW).unwrap();
    admin.import_rates(&files, true).unwrap();
    admin
        .add_user("cw", "計測 担当員", Role::Caseworker, "kari-pass-0001")
        .unwrap();
    App::login(&path, "cw", "kari-pass-0001")
        .unwrap()
        .change_password("kari-pass-0001", PW)
        .unwrap();
    println!("{} households in {}", n, path.display());
}
