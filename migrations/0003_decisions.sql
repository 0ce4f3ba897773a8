-- 0003: decisions — rate sets, household situations, applications (相談・申請) and deadlines,
-- decisions (開始・変更・停止・廃止・却下) with their review/approval workflow and comments, the
-- household's current amounts, and the office's list of decision reasons.
-- Dates ISO 'YYYY-MM-DD'; timestamps RFC 3339; money integer yen; JSON as TEXT.

-- A rate-table set exactly as imported: the original files ({file name: contents}, JSON with the
-- names sorted) and the SHA-256 of that JSON text, so a decision can prove which figures it used.
-- Rows are never updated or deleted (a decision refers to them by id).
CREATE TABLE rate_sets (
    id             INTEGER PRIMARY KEY,
    version        TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    test_figures   INTEGER NOT NULL DEFAULT 0,
    files_json     TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    imported_by    TEXT NOT NULL
);
CREATE INDEX rate_sets_period ON rate_sets(effective_from);

-- The caseworker's facts about a household that are not derivable from the registry (加算 facts
-- per member, rent, incomes, expected care/medical cost). JSON of `domain::decision::SituationInput`;
-- the 級地 comes from office settings and birth dates from `persons` when a calculation runs.
CREATE TABLE household_situations (
    household_id INTEGER PRIMARY KEY REFERENCES households(id),
    situation    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);

-- 相談・申請. Deadline = received_on + 14 days, or + 30 days when extended (法24条3項・5項).
CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    household_id     INTEGER NOT NULL REFERENCES households(id),
    consulted_on     TEXT,
    received_on      TEXT NOT NULL,
    decided_on       TEXT,
    extended         INTEGER NOT NULL DEFAULT 0,
    extension_reason TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending','decided','withdrawn')),
    decision_id      INTEGER,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX applications_household ON applications(household_id);
CREATE INDEX applications_pending ON applications(status, received_on);

-- The office's list of reasons a decision may cite (selected codes + free text on each decision).
-- `kinds`: comma-separated decision kinds the reason fits; '' = any. Never deleted: deactivated.
CREATE TABLE decision_reasons (
    code       TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    kinds      TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0
);
-- Starting list (unverified wording: common practice; the office edits it).
INSERT INTO decision_reasons (code, label, kinds, sort_order) VALUES
    ('need_recognised',   '最低生活費に対して収入が不足するため',     'start,change', 10),
    ('income_change',     '収入の額が変わったため',                   'change', 20),
    ('member_change',     '世帯員の構成が変わったため',               'change', 30),
    ('standard_revision', '保護基準の改定による',                     'change', 40),
    ('kasan_change',      '加算の要件が変わったため',                 'change', 50),
    ('rent_change',       '家賃が変わったため',                       'change', 60),
    ('temporary_income',  '一時的に収入が最低生活費を上回るため',     'suspend', 70),
    ('self_sufficient',   '収入が最低生活費を上回り自立したため',     'abolish', 80),
    ('moved_away',        '管外へ転出したため',                       'abolish', 90),
    ('death',             '死亡したため',                             'abolish', 100),
    ('withdrawn',         '本人から辞退の申出があったため',           'abolish', 110),
    ('income_sufficient', '収入が最低生活費を上回るため',             'reject', 120),
    ('assets_available',  '活用できる資産があるため',                 'reject', 130);

-- One decision. `snapshot` holds everything the calculation used (situation inputs, members as
-- used, office 級地, rate set version and SHA-256, the date, and the CalcResult), so the decision
-- can be reproduced years later. A decision is never rewritten after approval; a correction is a
-- new decision (retroactive ones included), so history stays whole.
CREATE TABLE decisions (
    id                    INTEGER PRIMARY KEY,
    household_id          INTEGER NOT NULL REFERENCES households(id),
    kind                  TEXT NOT NULL CHECK (kind IN ('start','change','suspend','abolish','reject')),
    effective_date        TEXT NOT NULL,
    reason_text           TEXT NOT NULL,
    reason_codes          TEXT NOT NULL DEFAULT '[]',
    amounts               TEXT NOT NULL DEFAULT '[]',
    minimum_total_yen     INTEGER,
    income_recognised_yen INTEGER,
    benefit_yen           INTEGER NOT NULL DEFAULT 0,
    cash_benefit_yen      INTEGER NOT NULL DEFAULT 0,
    rate_set_id           INTEGER REFERENCES rate_sets(id),
    rate_version          TEXT,
    rate_sha256           TEXT,
    snapshot              TEXT,
    state                 TEXT NOT NULL CHECK (state IN ('draft','reviewed','approved','returned')),
    application_id        INTEGER REFERENCES applications(id),
    bulk_id               TEXT,
    drafted_by            TEXT NOT NULL,
    drafted_at            TEXT NOT NULL,
    reviewed_by           TEXT,
    reviewed_at           TEXT,
    approved_by           TEXT,
    approved_at           TEXT,
    updated_at            TEXT NOT NULL
);
CREATE INDEX decisions_household ON decisions(household_id, effective_date);
CREATE INDEX decisions_state ON decisions(state);

-- Comments at review and approval; a return (差戻し) always has one. Kept forever.
CREATE TABLE decision_comments (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    stage       TEXT NOT NULL CHECK (stage IN ('draft','review','approval')),
    action      TEXT NOT NULL CHECK (action IN ('comment','return','review','approve','redraft')),
    user_id     TEXT NOT NULL,
    at          TEXT NOT NULL,
    comment     TEXT NOT NULL
);
CREATE INDEX decision_comments_decision ON decision_comments(decision_id);

-- What the household currently receives: the approved decision with the latest effective date.
CREATE TABLE household_amounts (
    household_id          INTEGER PRIMARY KEY REFERENCES households(id),
    decision_id           INTEGER NOT NULL REFERENCES decisions(id),
    effective_date        TEXT NOT NULL,
    amounts               TEXT NOT NULL,
    minimum_total_yen     INTEGER,
    income_recognised_yen INTEGER,
    benefit_yen           INTEGER NOT NULL,
    cash_benefit_yen      INTEGER NOT NULL,
    updated_at            TEXT NOT NULL
);
