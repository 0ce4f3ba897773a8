-- 0011: medical aid (医療扶助) and the monthly vouchers.
-- Medical tables: designated institutions, medical-aid cases with their 他法 checks and
-- 医療要否意見書. A medical-aid decision is an ordinary decision (same workflow) that names its
-- case and carries its terms (JSON of domain::medical_aid::voucher::MedicalTerms).
-- Voucher tables are generic (scheme 'medical' now, 'care' for 介護券 later): numbers, runs, the
-- vouchers, their ledger events, exclusions at review, one-off requests, fixed 本人支払額.
-- Dates ISO 'YYYY-MM-DD', months 'YYYY-MM', timestamps RFC 3339, money integer yen.

-- 指定医療機関. *_key: normalised search keys (domain::normalize::search_key).
CREATE TABLE institutions (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) = 10),
    name        TEXT NOT NULL,
    kana        TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('medical','dental','pharmacy','visiting_nursing')),
    postal_code TEXT,
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    name_key    TEXT NOT NULL,
    kana_key    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One person's medical-aid case: the application and where it stands.
CREATE TABLE medical_cases (
    id             INTEGER PRIMARY KEY,
    household_id   INTEGER NOT NULL REFERENCES households(id),
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    applied_on     TEXT NOT NULL,
    institution_id INTEGER REFERENCES institutions(id),
    illness        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('applied','active','ended','rejected')),
    ended_on       TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX medical_cases_household ON medical_cases(household_id);
CREATE INDEX medical_cases_person ON medical_cases(person_id);

-- 他法 check: which scheme may pay first, and its answer. One row per scheme asked.
CREATE TABLE other_law_checks (
    id              INTEGER PRIMARY KEY,
    medical_case_id INTEGER NOT NULL REFERENCES medical_cases(id),
    scheme          TEXT NOT NULL,
    asked_on        TEXT NOT NULL,
    answer          TEXT NOT NULL CHECK (answer IN ('pending','applies','not_applicable')),
    answered_on     TEXT,
    note            TEXT NOT NULL DEFAULT '',
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (medical_case_id, scheme)
);

-- 医療要否意見書: sent (blank, header filled in; print_job_id is the printed form) → returned
-- (opinion: JSON of what the institution wrote) → reviewed by the 嘱託医 (result, comment, date,
-- and the valid period accepted).
CREATE TABLE opinion_forms (
    id              INTEGER PRIMARY KEY,
    medical_case_id INTEGER NOT NULL REFERENCES medical_cases(id),
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    state           TEXT NOT NULL CHECK (state IN ('sent','returned','reviewed')),
    sent_on         TEXT NOT NULL,
    print_job_id    INTEGER,
    returned_on     TEXT,
    opinion         TEXT,
    reviewed_on     TEXT,
    reviewer        TEXT,
    result          TEXT CHECK (result IN ('needed','not_needed','query')),
    review_comment  TEXT,
    valid_from      TEXT,
    valid_to        TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (state <> 'reviewed' OR (result IS NOT NULL AND reviewed_on IS NOT NULL))
);
CREATE INDEX opinion_forms_case ON opinion_forms(medical_case_id);
CREATE INDEX opinion_forms_state ON opinion_forms(state, valid_to);

-- A medical-aid decision names its case and carries its terms; the rest of the row (kind,
-- effective date, reasons, snapshot of the calculation, workflow) is an ordinary decision.
ALTER TABLE decisions ADD COLUMN medical_case_id INTEGER REFERENCES medical_cases(id);
ALTER TABLE decisions ADD COLUMN terms TEXT;
CREATE INDEX decisions_medical_case ON decisions(medical_case_id) WHERE medical_case_id IS NOT NULL;

-- 本人支払額 fixed for a household and month (from the calculation; the rate set it used).
CREATE TABLE voucher_shares (
    scheme       TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES households(id),
    month        TEXT NOT NULL,
    share_yen    INTEGER NOT NULL CHECK (share_yen >= 0),
    rate_version TEXT,
    fixed_by     TEXT NOT NULL,
    fixed_at     TEXT NOT NULL,
    PRIMARY KEY (scheme, household_id, month)
);

-- 受給者番号: one per person and voucher month, shared by every scheme's vouchers of that month.
CREATE TABLE recipient_numbers (
    month      TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    category   INTEGER NOT NULL CHECK (category BETWEEN 1 AND 999999),
    number     TEXT NOT NULL CHECK (length(number) = 7),
    created_at TEXT NOT NULL,
    PRIMARY KEY (month, person_id),
    UNIQUE (month, number)
);

-- Running counters: 'recipient' (the last 受給者区分 given), 'issue:<scheme>:<month>' (the last
-- 交付番号 sequence of the month).
CREATE TABLE voucher_counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- One monthly run: 'issuing' while it writes, 'done' when every due voucher was issued. A run
-- found 'issuing' was interrupted; the next run of the month resumes it.
CREATE TABLE voucher_runs (
    id          INTEGER PRIMARY KEY,
    scheme      TEXT NOT NULL,
    month       TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('issuing','done')),
    started_by  TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    issued      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX voucher_runs_month ON voucher_runs(scheme, month, id);

-- A voucher. due_key identifies what it is for (person, provider, kind, first day) so that a run
-- never issues the same thing twice in a month: at most one issued voucher per key. A voided
-- voucher stays (the ledger); its 再交付 is a new row with reissue_of set. details: the scheme's
-- own fields (JSON; for medical: domain … MedicalVoucherDetails).
CREATE TABLE vouchers (
    id               INTEGER PRIMARY KEY,
    scheme           TEXT NOT NULL CHECK (scheme IN ('medical','care')),
    month            TEXT NOT NULL,
    due_key          TEXT NOT NULL,
    ticket_type      TEXT NOT NULL,
    household_id     INTEGER NOT NULL REFERENCES households(id),
    person_id        INTEGER NOT NULL REFERENCES persons(id),
    recipient_number TEXT NOT NULL,
    issue_number     TEXT NOT NULL UNIQUE,
    provider_id      INTEGER,
    provider_code    TEXT NOT NULL,
    provider_name    TEXT NOT NULL,
    valid_from       TEXT NOT NULL,
    valid_to         TEXT NOT NULL,
    share_yen        INTEGER NOT NULL DEFAULT 0 CHECK (share_yen >= 0),
    state            TEXT NOT NULL CHECK (state IN ('issued','voided')),
    one_off          INTEGER NOT NULL DEFAULT 0,
    reissue_of       INTEGER REFERENCES vouchers(id),
    decision_id      INTEGER REFERENCES decisions(id),
    run_id           INTEGER REFERENCES voucher_runs(id),
    details          TEXT NOT NULL,
    issued_by        TEXT NOT NULL,
    issued_at        TEXT NOT NULL,
    voided_by        TEXT,
    voided_at        TEXT,
    void_reason      TEXT,
    CHECK (valid_from <= valid_to),
    CHECK (state <> 'voided' OR (voided_at IS NOT NULL AND length(trim(coalesce(void_reason, ''))) > 0))
);
CREATE UNIQUE INDEX vouchers_one_issued ON vouchers(scheme, month, due_key) WHERE state = 'issued';
CREATE INDEX vouchers_month ON vouchers(scheme, month, provider_code, id);
CREATE INDEX vouchers_person ON vouchers(person_id, month);
CREATE INDEX vouchers_household ON vouchers(household_id, month);

-- The 交付処理簿: every issue, 再交付, change of period and void, with who and when.
CREATE TABLE voucher_events (
    id          INTEGER PRIMARY KEY,
    voucher_id  INTEGER NOT NULL REFERENCES vouchers(id),
    event       TEXT NOT NULL CHECK (event IN ('issued','reissued','changed','voided')),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    reason      TEXT,
    detail      TEXT,
    decision_id INTEGER REFERENCES decisions(id)
);
CREATE INDEX voucher_events_voucher ON voucher_events(voucher_id, id);
CREATE INDEX voucher_events_decision ON voucher_events(decision_id) WHERE decision_id IS NOT NULL;

-- Due vouchers a clerk left out of a month's run at review.
CREATE TABLE voucher_exclusions (
    scheme     TEXT NOT NULL,
    month      TEXT NOT NULL,
    due_key    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    excluded_by TEXT NOT NULL,
    excluded_at TEXT NOT NULL,
    PRIMARY KEY (scheme, month, due_key)
);

-- One-off vouchers a clerk adds to a month (a consultation asked for mid-month): the scheme's
-- one line (JSON), from valid_from to the end of the month unless valid_to says earlier.
CREATE TABLE voucher_requests (
    id           INTEGER PRIMARY KEY,
    scheme       TEXT NOT NULL,
    month        TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES households(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    case_id      INTEGER,
    line         TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    reason       TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX voucher_requests_month ON voucher_requests(scheme, month);

-- The print queue learns the voucher batch, the issue ledger and the opinion form. SQLite cannot
-- alter a CHECK: the table is rebuilt as in 0005, with the same columns, rows and indexes.
CREATE TABLE print_jobs_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('certificate','cover_letter','decision_notice','calculation_sheet',
                                                'voucher_batch','voucher_ledger','opinion_form')),
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
