-- 0002: the print queue. Every document the desk prints is a row here, from request to delivery
-- or void. The PDF bytes live only in this (encrypted) database: never in a plaintext file the
-- desk did not ask for.
--
-- issue_number: "<era letter><era year of the fiscal year>-<5-digit sequence>", e.g. "R7-00012";
-- the sequence counts per fiscal year (fiscal_year = the Western year the 年度 starts in) and is
-- never reused (see domain::print_job::issue_number). Unique per office = per database.
-- snapshot: the typed document (print::Document) as JSON, from which the PDF is regenerated
-- byte-identically; pdf_sha256 is the hash of the stored original.

CREATE TABLE print_jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('certificate','cover_letter')),
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
CREATE UNIQUE INDEX print_jobs_issue_seq ON print_jobs(fiscal_year, issue_seq) WHERE issue_seq IS NOT NULL;
CREATE INDEX print_jobs_state ON print_jobs(state, id);
CREATE INDEX print_jobs_household ON print_jobs(household_id, id);
CREATE INDEX print_jobs_person ON print_jobs(person_id, id);
