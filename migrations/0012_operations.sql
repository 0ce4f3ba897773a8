-- 0012: operations (issue 14) — backup settings, the access alert, retention rules, legal holds,
-- appeals (審査請求) and the record of what a retention run deleted.

-- One row: where the daily automatic backup goes and how many it keeps; the access alert's
-- threshold (households one user opens in a day).
CREATE TABLE operations_settings (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    backup_dir          TEXT,
    backup_keep         INTEGER NOT NULL DEFAULT 14 CHECK (backup_keep BETWEEN 1 AND 366),
    last_auto_backup    TEXT,
    last_auto_error     TEXT,
    open_alert_threshold INTEGER NOT NULL DEFAULT 40 CHECK (open_alert_threshold BETWEEN 1 AND 100000),
    updated_by          TEXT,
    updated_at          TEXT
);
INSERT INTO operations_settings (id) VALUES (1);

-- 保存期間: per record type, years (NULL = 永久) counted from an event. The office sets the table
-- (MHLW 昭和36年 社発第726号: 永久 / 10 / 5 / 3 / 1 years); these defaults are a starting point.
CREATE TABLE retention_rules (
    record_type TEXT PRIMARY KEY CHECK (record_type IN ('case_record','document','appeal')),
    years       INTEGER CHECK (years IS NULL OR years IN (1, 3, 5, 10)),
    counts_from TEXT NOT NULL CHECK (counts_from IN ('abolition','fiscal_year_end','review_final')),
    updated_by  TEXT,
    updated_at  TEXT
);
INSERT INTO retention_rules (record_type, years, counts_from) VALUES
    ('case_record', 5, 'abolition'),
    ('document',    5, 'fiscal_year_end'),
    ('appeal',      3, 'review_final');

-- A household no deletion run may touch while held (訴訟・監査・調査など).
CREATE TABLE legal_holds (
    household_id INTEGER PRIMARY KEY REFERENCES households(id),
    reason       TEXT NOT NULL,
    set_by       TEXT NOT NULL,
    set_at       TEXT NOT NULL
);

-- 審査請求: while not final the household is kept; after, its documents are kept for the
-- 'appeal' rule from the final date.
CREATE TABLE appeals (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    filed_on     TEXT NOT NULL,
    final_on     TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX appeals_household ON appeals(household_id);

-- What a retention run deleted: type, identifier, the event date, the rule — never the personal
-- data itself.
CREATE TABLE retention_deletions (
    id          INTEGER PRIMARY KEY,
    run_at      TEXT NOT NULL,
    run_by      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    event_date  TEXT NOT NULL,
    rule        TEXT NOT NULL,
    rows        INTEGER NOT NULL
);

-- The exchange's records (0008) are never deleted — except by a retention run, once the
-- household they are about has passed its period. The run marks itself here inside its own
-- transaction (the row never outlives it), and the no-delete triggers let only that through.
CREATE TABLE retention_run_active (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);
DROP TRIGGER outbox_no_delete;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
WHEN NOT EXISTS (SELECT 1 FROM retention_run_active)
BEGIN
    SELECT RAISE(ABORT, 'outbox records are never deleted');
END;
DROP TRIGGER outbox_revisions_no_delete;
CREATE TRIGGER outbox_revisions_no_delete BEFORE DELETE ON outbox_revisions
WHEN NOT EXISTS (SELECT 1 FROM retention_run_active)
BEGIN
    SELECT RAISE(ABORT, 'outbox revisions are immutable');
END;
DROP TRIGGER investigation_records_no_delete;
CREATE TRIGGER investigation_records_no_delete BEFORE DELETE ON investigation_records
WHEN NOT EXISTS (SELECT 1 FROM retention_run_active)
BEGIN
    SELECT RAISE(ABORT, 'investigation_records is append-only');
END;
