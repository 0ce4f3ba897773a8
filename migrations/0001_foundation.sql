-- 0001: foundation — office, accounts, case registry, audit log.
-- Dates are ISO 'YYYY-MM-DD'; timestamps RFC 3339 with offset; money (later) integer yen.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    user_id              TEXT PRIMARY KEY,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('caseworker','medical_clerk','supervisor','approver','admin','readonly')),
    disabled             INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    password_changed_at  TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE office_settings (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    office_name         TEXT NOT NULL,
    public_payer_number TEXT NOT NULL,
    municipality_code   TEXT NOT NULL,
    prefecture          TEXT NOT NULL,
    grade               TEXT NOT NULL,
    chief_title         TEXT NOT NULL,
    chief_name          TEXT NOT NULL,
    postal_code         TEXT NOT NULL,
    address             TEXT NOT NULL,
    phone               TEXT NOT NULL,
    idle_lock_minutes   INTEGER NOT NULL DEFAULT 10,
    updated_at          TEXT NOT NULL
);

CREATE TABLE households (
    id            INTEGER PRIMARY KEY,
    case_number   TEXT NOT NULL UNIQUE,
    postal_code   TEXT,
    address       TEXT NOT NULL,
    phone         TEXT,
    caseworker_id TEXT REFERENCES users(user_id),
    status        TEXT NOT NULL CHECK (status IN ('applying','active','suspended','closed')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE household_status_history (
    id             INTEGER PRIMARY KEY,
    household_id   INTEGER NOT NULL REFERENCES households(id),
    status         TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    reason         TEXT NOT NULL,
    changed_by     TEXT NOT NULL,
    changed_at     TEXT NOT NULL
);
CREATE INDEX household_status_history_household ON household_status_history(household_id);

-- Names are stored exactly as typed; *_key columns hold the normalised search keys.
-- A member is never deleted: removal keeps the row with removed_at so history stays whole.
CREATE TABLE persons (
    id               INTEGER PRIMARY KEY,
    household_id     INTEGER NOT NULL REFERENCES households(id),
    name             TEXT NOT NULL,
    kana             TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    sex              TEXT NOT NULL CHECK (sex IN ('male','female','unspecified')),
    relationship     TEXT NOT NULL,
    is_head          INTEGER NOT NULL DEFAULT 0,
    addressee_number TEXT,
    dv_protected     INTEGER NOT NULL DEFAULT 0,
    death_date       TEXT,
    removed_at       TEXT,
    removed_reason   TEXT,
    name_key         TEXT NOT NULL,
    kana_key         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX persons_household ON persons(household_id);

-- The My Number lives apart from the person row so that no ordinary query can select it by
-- accident: only the logged reveal and the one exchange channel read this table.
CREATE TABLE my_numbers (
    person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
    my_number  TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL
);

CREATE TABLE recent_opens (
    user_id      TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES households(id),
    opened_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, household_id)
);

-- Append-only, hash-chained operation log. The triggers refuse edits and deletions made through
-- SQL; `madoguchi audit verify` detects the ones made around them.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT,
    target_id   TEXT,
    detail      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log(user_id, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);
CREATE INDEX audit_log_target ON audit_log(target_kind, target_id, seq);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
