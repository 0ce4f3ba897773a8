-- 0010: care aid (介護扶助): the register of care providers and care-plan offices, a person's
-- 介護保険 status (dated records), the pseudo 被保険者番号 (H-number) given to people outside
-- the insurance, care-aid cases with their care plans, and the link that makes an ordinary
-- decision a care-aid decision (its case and its terms).
-- Dates ISO 'YYYY-MM-DD', timestamps RFC 3339, money integer yen.

-- 指定介護機関 and 居宅介護支援事業者 (one register: a plan office offers 43 or 46).
-- number_verified = 0: a letter 事業所区分, whose check digit could not be verified.
-- service_kinds: サービス種類コード separated by spaces, sorted. *_key: search keys.
CREATE TABLE care_providers (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE CHECK (length(number) = 10),
    number_verified INTEGER NOT NULL CHECK (number_verified IN (0, 1)),
    name            TEXT NOT NULL,
    kana            TEXT NOT NULL DEFAULT '',
    service_kinds   TEXT NOT NULL,
    plan_office     INTEGER NOT NULL CHECK (plan_office IN (0, 1)),
    postal_code     TEXT,
    address         TEXT NOT NULL DEFAULT '',
    phone           TEXT,
    valid_from      TEXT NOT NULL,
    valid_to        TEXT,
    name_key        TEXT NOT NULL,
    kana_key        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- The office's care-aid settings (one row): the H-number rule and its running number.
CREATE TABLE care_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    h_prefix      TEXT NOT NULL,
    h_check_digit INTEGER NOT NULL CHECK (h_check_digit IN (0, 1)),
    h_last_seq    INTEGER NOT NULL DEFAULT 0,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The H-number of a person outside the insurance: given once (origin 'assigned') or carried
-- from another office of the same municipality ('carried'); never reused for someone else.
CREATE TABLE care_h_numbers (
    person_id         INTEGER PRIMARY KEY REFERENCES persons(id),
    number            TEXT NOT NULL UNIQUE CHECK (length(number) = 10 AND substr(number, 1, 1) = 'H'),
    municipality_code TEXT NOT NULL,
    origin            TEXT NOT NULL CHECK (origin IN ('assigned', 'carried')),
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL
);

-- 介護保険 status of a person from valid_from (a new row for every change; the latest row
-- whose valid_from is on or before a day is the status of that day).
CREATE TABLE care_insurance (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    valid_from     TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('first', 'second', 'not_insured')),
    insured_number TEXT NOT NULL CHECK (length(insured_number) = 10),
    insurer_number TEXT CHECK (insurer_number IS NULL OR length(insurer_number) = 6),
    co_pay_tenths  INTEGER NOT NULL CHECK (co_pay_tenths BETWEEN 1 AND 3),
    premium_yen    INTEGER NOT NULL DEFAULT 0 CHECK (premium_yen >= 0),
    care_level     TEXT CHECK (care_level IN ('support1','support2','care1','care2','care3','care4','care5')),
    certified_from TEXT,
    certified_to   TEXT,
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    CHECK ((kind = 'not_insured') = (insurer_number IS NULL)),
    CHECK ((care_level IS NULL) = (certified_from IS NULL) AND (certified_from IS NULL) = (certified_to IS NULL))
);
CREATE INDEX care_insurance_person ON care_insurance(person_id, valid_from);

-- One person's care-aid case.
CREATE TABLE care_cases (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    applied_on   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('applied', 'active', 'ended', 'rejected')),
    started_on   TEXT,
    ended_on     TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX care_cases_household ON care_cases(household_id);
CREATE INDEX care_cases_person ON care_cases(person_id);

-- 居宅介護支援計画 received for a case (each receipt kept).
CREATE TABLE care_plans (
    id             INTEGER PRIMARY KEY,
    care_case_id   INTEGER NOT NULL REFERENCES care_cases(id),
    plan_office_id INTEGER NOT NULL REFERENCES care_providers(id),
    received_on    TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL
);
CREATE INDEX care_plans_case ON care_plans(care_case_id);

-- A care-aid decision is an ordinary decision (same workflow, reasons, snapshot) linked here to
-- its case, with its terms (JSON of domain::care_aid::case::CareTerms, NULL for 廃止・却下), the
-- 介護保険 status it used, the share and the 本人支払額 of the calculation.
CREATE TABLE care_decisions (
    decision_id     INTEGER PRIMARY KEY REFERENCES decisions(id),
    care_case_id    INTEGER NOT NULL REFERENCES care_cases(id),
    terms           TEXT,
    insurance_id    INTEGER REFERENCES care_insurance(id),
    insurance_tenths INTEGER,
    aid_tenths      INTEGER,
    own_payment_yen INTEGER
);
CREATE INDEX care_decisions_case ON care_decisions(care_case_id);
