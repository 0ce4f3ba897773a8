-- 0009 (issue 9): what the documents and the counter need.
--
-- 事務所設定: the defendant of a 取消訴訟 and who represents it (printed in the 教示,
-- 行政事件訴訟法46条), and the office's case-number sequence (prefix, digits, next number).
ALTER TABLE office_settings ADD COLUMN municipality_name TEXT NOT NULL DEFAULT '';
ALTER TABLE office_settings ADD COLUMN municipality_head TEXT NOT NULL DEFAULT '';
ALTER TABLE office_settings ADD COLUMN case_number_prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE office_settings ADD COLUMN case_number_digits INTEGER NOT NULL DEFAULT 6;
ALTER TABLE office_settings ADD COLUMN case_number_next INTEGER NOT NULL DEFAULT 1;

-- 保護申請書 as the form has it (applicant, 主訴, aid requested, declarations, 扶養義務者, 同意書):
-- JSON of `domain::application::ApplicationForm`; NULL for applications registered before.
ALTER TABLE applications ADD COLUMN form TEXT;

-- A household saved at a consultation is 相談中 ('consulting'); it becomes 申請中 only when an
-- application is registered. SQLite cannot alter a CHECK, so the table is rebuilt with the same
-- columns, rows and index; the migration runs with foreign keys off and checks them before it
-- commits (store::migrate), so the tables that reference households keep their rows.
CREATE TABLE households_new (
    id            INTEGER PRIMARY KEY,
    case_number   TEXT NOT NULL UNIQUE,
    postal_code   TEXT,
    address       TEXT NOT NULL,
    phone         TEXT,
    caseworker_id TEXT REFERENCES users(user_id),
    status        TEXT NOT NULL CHECK (status IN ('consulting','applying','active','suspended','closed')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
INSERT INTO households_new (id, case_number, postal_code, address, phone, caseworker_id, status, created_at, updated_at)
SELECT id, case_number, postal_code, address, phone, caseworker_id, status, created_at, updated_at FROM households;
DROP TABLE households;
ALTER TABLE households_new RENAME TO households;
