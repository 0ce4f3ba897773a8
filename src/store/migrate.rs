//! Schema migrations: numbered SQL files in `migrations/`, embedded at build time, applied all
//! together in one immediate transaction (either every pending one succeeds or none does), and
//! checked against what the database already has. A database written by a newer program is
//! refused rather than guessed at.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use super::StoreError;

pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_foundation.sql",
        sql: include_str!("../../migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "0002_print_queue.sql",
        sql: include_str!("../../migrations/0002_print_queue.sql"),
    },
    Migration {
        version: 3,
        name: "0003_decisions.sql",
        sql: include_str!("../../migrations/0003_decisions.sql"),
    },
    Migration {
        version: 4,
        name: "0004_notice_templates.sql",
        sql: include_str!("../../migrations/0004_notice_templates.sql"),
    },
    Migration {
        version: 5,
        name: "0005_notice_jobs.sql",
        sql: include_str!("../../migrations/0005_notice_jobs.sql"),
    },
    Migration {
        version: 6,
        name: "0006_key_slot_binding.sql",
        sql: include_str!("../../migrations/0006_key_slot_binding.sql"),
    },
    Migration {
        version: 7,
        name: "0007_sealed_my_numbers.sql",
        sql: include_str!("../../migrations/0007_sealed_my_numbers.sql"),
    },
    Migration {
        version: 8,
        name: "0008_exchange.sql",
        sql: include_str!("../../migrations/0008_exchange.sql"),
    },
    Migration {
        version: 9,
        name: "0009_documents_and_counter.sql",
        sql: include_str!("../../migrations/0009_documents_and_counter.sql"),
    },
    Migration {
        version: 10,
        name: "0010_care_aid.sql",
        sql: include_str!("../../migrations/0010_care_aid.sql"),
    },
    Migration {
        version: 11,
        name: "0011_key_slot_swap.sql",
        sql: include_str!("../../migrations/0011_key_slot_swap.sql"),
    },
    Migration {
        version: 12,
        name: "0012_operations.sql",
        sql: include_str!("../../migrations/0012_operations.sql"),
    },
    Migration {
        version: 13,
        name: "0013_medical_aid.sql",
        sql: include_str!("../../migrations/0013_medical_aid.sql"),
    },
    Migration {
        version: 14,
        name: "0014_care_recipient_numbers.sql",
        sql: include_str!("../../migrations/0014_care_recipient_numbers.sql"),
    },
];

pub fn latest_version() -> u32 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// The schema version recorded in the database file header.
pub fn current_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as u32)
}

/// Bring the schema up to date. Returns the versions applied.
///
/// Foreign keys are off while the migrations run (SQLite's own procedure for rebuilding a table
/// that others reference: a `DROP TABLE` of a parent would otherwise fail or empty its
/// children) and checked in full before the commit: a migration that leaves a dangling
/// reference rolls back like any other failure.
pub fn migrate(conn: &mut Connection, now: &str) -> Result<Vec<u32>, StoreError> {
    let have = current_version(conn)?;
    if have == latest_version() {
        return migrate_in_transaction(conn, now);
    }
    // Cannot change inside a transaction: set before it begins, restored whatever happens.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = migrate_in_transaction(conn, now);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

fn migrate_in_transaction(conn: &mut Connection, now: &str) -> Result<Vec<u32>, StoreError> {
    let have = current_version(conn)?;
    let latest = latest_version();
    if have > latest {
        return Err(StoreError::DatabaseTooNew {
            database: have,
            program: latest,
        });
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // An upgrade of a database that has data: its rows are counted now and checked before the
    // transaction commits (see `upgrade::RowCounts`).
    let counts = if have > 0 && have < latest {
        Some(super::upgrade::RowCounts::take(&tx)?)
    } else {
        None
    };
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )?;
    // An applied migration whose file changed since means two programs disagree about the schema.
    {
        let mut stmt =
            tx.prepare("SELECT version, checksum FROM schema_migrations ORDER BY version")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (v, sum) = row?;
            match MIGRATIONS.iter().find(|m| m.version == v) {
                Some(m) if checksum(m.sql) == sum => {}
                _ => return Err(StoreError::MigrationMismatch(v)),
            }
        }
    }
    let mut applied = vec![];
    for m in MIGRATIONS.iter().filter(|m| m.version > have) {
        tx.execute_batch(m.sql)
            .map_err(|e| StoreError::MigrationFailed(m.version, e.to_string()))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
            params![m.version, m.name, checksum(m.sql), now],
        )?;
        applied.push(m.version);
    }
    if !applied.is_empty() {
        let dangling: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = dangling {
            return Err(StoreError::MigrationFailed(
                latest,
                format!("foreign key check failed in {table}"),
            ));
        }
    }
    tx.pragma_update(None, "user_version", latest)?;
    if let Some(counts) = counts {
        counts
            .verify(&tx)
            .map_err(|m| StoreError::MigrationFailed(latest, m))?;
    }
    tx.commit()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        }
    }

    #[test]
    fn print_jobs_rows_survive_the_0005_rebuild_and_take_the_new_kinds() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .unwrap();
        for m in &MIGRATIONS[..4] {
            c.execute_batch(m.sql).unwrap();
            c.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, 't')",
                params![m.version, m.name, checksum(m.sql)],
            )
            .unwrap();
        }
        c.pragma_update(None, "user_version", 4).unwrap();
        c.execute_batch(
            "INSERT INTO users (user_id, display_name, role, created_at, updated_at) VALUES ('cw', 'cw', 'caseworker', 't', 't');
             INSERT INTO print_jobs (id, kind, title, issue_number, fiscal_year, issue_seq, state, snapshot, pdf, pdf_sha256,
                 pages, requested_by, requested_at)
             VALUES (7, 'certificate', '保護受給証明書', 'R7-00001', 2025, 1, 'generated', '{}', x'2550', 'ab', 1, 'cw', 't')",
        )
        .unwrap();
        // 0005 and every later migration are applied together.
        assert_eq!(migrate(&mut c, "t").unwrap().first(), Some(&5));
        let row: (String, String, Vec<u8>) = c
            .query_row(
                "SELECT kind, issue_number, pdf FROM print_jobs WHERE id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            ("certificate".into(), "R7-00001".into(), b"%P".to_vec())
        );
        for kind in ["decision_notice", "calculation_sheet"] {
            c.execute(
                "INSERT INTO print_jobs (kind, title, state, snapshot, requested_by, requested_at)
                 VALUES (?1, 't', 'generated', '{}', 'cw', 't')",
                [kind],
            )
            .unwrap();
        }
        assert!(c
            .execute(
                "INSERT INTO print_jobs (kind, title, state, snapshot, requested_by, requested_at)
                 VALUES ('letter', 't', 'generated', '{}', 'cw', 't')",
                [],
            )
            .is_err());
        let indexes: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'print_jobs_%'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(indexes, 4);
    }

    #[test]
    fn households_survive_the_0009_rebuild_with_their_references_and_take_consulting() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .unwrap();
        for m in &MIGRATIONS[..8] {
            c.execute_batch(m.sql).unwrap();
            c.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, 't')",
                params![m.version, m.name, checksum(m.sql)],
            )
            .unwrap();
        }
        c.pragma_update(None, "user_version", 8).unwrap();
        c.pragma_update(None, "foreign_keys", "ON").unwrap();
        c.execute_batch(
            "INSERT INTO households (id, case_number, address, status, created_at, updated_at)
                 VALUES (3, 'K000003', '見本市', 'active', 't', 't');
             INSERT INTO persons (id, household_id, name, kana, birth_date, sex, relationship, is_head,
                 name_key, kana_key, created_at, updated_at)
                 VALUES (9, 3, '見本 太郎', 'ミホン タロウ', '1960-01-01', 'male', '世帯主', 1, 'k', 'k', 't', 't');
             INSERT INTO household_status_history (household_id, status, effective_date, reason, changed_by, changed_at)
                 VALUES (3, 'active', '2025-04-01', '保護開始', 'cw', 't');",
        )
        .unwrap();
        // 0009 and every later migration (0010 care aid, 0011 key slot swap, 0012 operations, 0013 medical aid) apply over the rebuilt table.
        assert_eq!(
            migrate(&mut c, "t").unwrap(),
            (9..=latest_version()).collect::<Vec<_>>()
        );
        let (case, status): (String, String) = c
            .query_row(
                "SELECT case_number, status FROM households WHERE id = 3",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((case.as_str(), status.as_str()), ("K000003", "active"));
        let persons: i64 = c
            .query_row(
                "SELECT count(*) FROM persons WHERE household_id = 3",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(persons, 1);
        // The references still point at households, and foreign keys are on again.
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        assert!(c
            .execute(
                "INSERT INTO household_status_history (household_id, status, effective_date, reason, changed_by, changed_at)
                 VALUES (99, 'active', '2025-04-01', 'x', 'cw', 't')",
                [],
            )
            .is_err());
        c.execute(
            "INSERT INTO households (case_number, address, status, created_at, updated_at)
             VALUES ('K000004', '見本市', 'consulting', 't', 't')",
            [],
        )
        .unwrap();
        assert!(c
            .execute(
                "INSERT INTO households (case_number, address, status, created_at, updated_at)
                 VALUES ('K000005', '見本市', 'unknown', 't', 't')",
                [],
            )
            .is_err());
        let unique = c.execute(
            "INSERT INTO households (case_number, address, status, created_at, updated_at)
             VALUES ('K000003', '見本市', 'active', 't', 't')",
            [],
        );
        assert!(unique.is_err(), "case numbers stay unique");
    }

    #[test]
    fn fresh_database_gets_every_migration_once() {
        let mut c = Connection::open_in_memory().unwrap();
        assert_eq!(
            migrate(&mut c, "t").unwrap(),
            (1..=latest_version()).collect::<Vec<_>>()
        );
        assert_eq!(current_version(&c).unwrap(), latest_version());
        assert!(migrate(&mut c, "t").unwrap().is_empty());
    }

    #[test]
    fn newer_database_is_refused_and_left_alone() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut c, "t"),
            Err(StoreError::DatabaseTooNew { .. })
        ));
        let tables: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn changed_migration_file_is_detected() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c, "t").unwrap();
        c.execute(
            "UPDATE schema_migrations SET checksum = 'x' WHERE version = 1",
            [],
        )
        .unwrap();
        assert!(matches!(
            migrate(&mut c, "t"),
            Err(StoreError::MigrationMismatch(1))
        ));
    }
}
