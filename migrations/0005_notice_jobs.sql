-- 0005: decision notices (決定通知書) and 保護決定調書 go through the print queue too. The only
-- change is the kind check; SQLite cannot alter a CHECK, so the table is rebuilt with the same
-- columns, rows and indexes. Nothing references print_jobs, so the drop touches no other table.
-- Notices carry their own 文書番号 inside the snapshot: their issue_number stays NULL.

CREATE TABLE print_jobs_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('certificate','cover_letter','decision_notice','calculation_sheet')),
    title         TEXT NOT NULL,
    household_id  INTEGER REFERENCES households(id),
    person_id     INTEGER REFERENCES persons(id),
    purpose       TEXT,
    issue_number  TEXT UNIQUE,
    fiscal_year   INTEGER,
    issue_seq     INTEGER,
    state         TEXT NOT NULL CHECK (state IN ('requested','generated','printed','delivered','voided')),
    snapshot      TEXT NOT NULL,
    pdf           BLOB,
    pdf_sha256    TEXT,
    pages         INTEGER NOT NULL DEFAULT 0,
    printed_count INTEGER NOT NULL DEFAULT 0,
    reprint_count INTEGER NOT NULL DEFAULT 0,
    printer       TEXT,
    error         TEXT,
    requested_by  TEXT NOT NULL REFERENCES users(user_id),
    requested_at  TEXT NOT NULL,
    generated_at  TEXT,
    printed_at    TEXT,
    delivered_at  TEXT,
    voided_at     TEXT,
    void_reason   TEXT,
    CHECK ((issue_seq IS NULL) = (fiscal_year IS NULL)),
    CHECK (state <> 'voided' OR (voided_at IS NOT NULL AND length(trim(void_reason)) > 0))
);
INSERT INTO print_jobs_new (id, kind, title, household_id, person_id, purpose, issue_number, fiscal_year, issue_seq,
    state, snapshot, pdf, pdf_sha256, pages, printed_count, reprint_count, printer, error, requested_by, requested_at,
    generated_at, printed_at, delivered_at, voided_at, void_reason)
SELECT id, kind, title, household_id, person_id, purpose, issue_number, fiscal_year, issue_seq,
    state, snapshot, pdf, pdf_sha256, pages, printed_count, reprint_count, printer, error, requested_by, requested_at,
    generated_at, printed_at, delivered_at, voided_at, void_reason
FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_new RENAME TO print_jobs;
CREATE UNIQUE INDEX print_jobs_issue_seq ON print_jobs(fiscal_year, issue_seq) WHERE issue_seq IS NOT NULL;
CREATE INDEX print_jobs_state ON print_jobs(state, id);
CREATE INDEX print_jobs_household ON print_jobs(household_id, id);
CREATE INDEX print_jobs_person ON print_jobs(person_id, id);
