-- 0008: the exchange queue with the intermediate servers (中間サーバー) — outbox, batches carried
-- on registered media, result imports, the 媒体管理簿, the 確認リスト and the investigation record
-- that inquiry answers are attached to. See src/exchange/ and docs/exchange-format.md.
-- Timestamps RFC 3339; dates ISO; channel codes 'medical' | 'fukuhon' | 'inquiry'.

-- Media (電子記録媒体) the administrator has approved for carrying batches. Never deleted: retired.
CREATE TABLE exchange_media (
    medium_id     TEXT PRIMARY KEY,
    label         TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    retired_by    TEXT,
    retired_at    TEXT
);

-- One batch: the records frozen into it, the files written and the result imported.
-- state: writing (files being written; resumable) → sent (files complete on the medium) →
-- confirmed (result file imported). The sequence is per channel, contiguous, never reused.
CREATE TABLE exchange_batches (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL CHECK (channel IN ('medical','fukuhon','inquiry')),
    seq             INTEGER NOT NULL CHECK (seq > 0),
    layout          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('writing','sent','confirmed')),
    medium_id       TEXT NOT NULL REFERENCES exchange_media(medium_id),
    dir             TEXT NOT NULL,
    record_count    INTEGER NOT NULL CHECK (record_count > 0),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    data_file       TEXT NOT NULL,
    manifest_file   TEXT NOT NULL,
    data_sha256     TEXT,
    data_bytes      INTEGER,
    manifest_sha256 TEXT,
    audit_anchor    TEXT,
    sent_at         TEXT,
    confirmed_at    TEXT,
    erased_at       TEXT,
    UNIQUE (channel, seq)
);
CREATE INDEX exchange_batches_state ON exchange_batches(channel, state, seq);

-- The outbox: one row per event the servers must learn about, written in the transaction of the
-- change that caused it. The identity columns never change (trigger below); only the state
-- columns move: pending 未送信 → sent 送信済 → accepted 受付済 | error エラー → requeued 再送待ち
-- → sent … . What is sent is the current revision in outbox_revisions.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    channel        TEXT NOT NULL CHECK (channel IN ('medical','fukuhon','inquiry')),
    kind           TEXT NOT NULL,
    household_id   INTEGER REFERENCES households(id),
    person_id      INTEGER REFERENCES persons(id),
    source         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending','sent','accepted','error','requeued')),
    revision       INTEGER NOT NULL DEFAULT 1,
    batch_id       INTEGER REFERENCES exchange_batches(id),
    result_code    TEXT,
    result_field   TEXT,
    result_message TEXT,
    receipt_number TEXT,
    state_at       TEXT NOT NULL
);
CREATE INDEX outbox_queue ON outbox(channel, state, id);
CREATE INDEX outbox_person ON outbox(person_id, id);
CREATE INDEX outbox_household ON outbox(household_id, id);

CREATE TRIGGER outbox_identity_fixed BEFORE UPDATE OF id, channel, kind, household_id, person_id, source, created_at, created_by ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox records are immutable');
END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox records are never deleted');
END;

-- Each payload an outbox record has had: revision 1 from the producer, later ones from a
-- correction (再送). payload = JSON of exchange::record::Record exactly as the layout writes it.
CREATE TABLE outbox_revisions (
    outbox_id  INTEGER NOT NULL REFERENCES outbox(id),
    revision   INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    note       TEXT,
    PRIMARY KEY (outbox_id, revision)
);
CREATE TRIGGER outbox_revisions_no_update BEFORE UPDATE ON outbox_revisions
BEGIN
    SELECT RAISE(ABORT, 'outbox revisions are immutable');
END;
CREATE TRIGGER outbox_revisions_no_delete BEFORE DELETE ON outbox_revisions
BEGIN
    SELECT RAISE(ABORT, 'outbox revisions are immutable');
END;

-- Which record (and revision) is line `no` of a batch, and what the result said about it (the
-- history of every attempt; the outbox row holds the latest).
CREATE TABLE exchange_batch_items (
    batch_id  INTEGER NOT NULL REFERENCES exchange_batches(id),
    no        INTEGER NOT NULL CHECK (no > 0),
    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
    revision  INTEGER NOT NULL,
    result    TEXT CHECK (result IN ('accepted','error','missing')),
    code      TEXT,
    field     TEXT,
    message   TEXT,
    receipt   TEXT,
    -- Eligibility lines: the keyed lookup hash and last four digits of the My Number sent (never
    -- the number), for the 確認リスト's "changed or blank for the same person".
    my_number_lookup TEXT,
    my_number_last4  TEXT,
    PRIMARY KEY (batch_id, no)
);
CREATE INDEX exchange_batch_items_outbox ON exchange_batch_items(outbox_id);

-- One imported result file. The SHA-256 is unique: the same file is never applied twice.
CREATE TABLE exchange_imports (
    id          INTEGER PRIMARY KEY,
    batch_id    INTEGER NOT NULL UNIQUE REFERENCES exchange_batches(id),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    dir         TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    accepted    INTEGER NOT NULL,
    errors      INTEGER NOT NULL,
    missing     INTEGER NOT NULL
);

-- 媒体管理簿: every use of a medium (export, result import, erasure). Append-only.
CREATE TABLE media_register (
    id           INTEGER PRIMARY KEY,
    medium_id    TEXT NOT NULL REFERENCES exchange_media(medium_id),
    action       TEXT NOT NULL CHECK (action IN ('export','import','erase')),
    at           TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    channel      TEXT NOT NULL,
    batch_id     INTEGER NOT NULL REFERENCES exchange_batches(id),
    files        TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    note         TEXT
);
CREATE INDEX media_register_medium ON media_register(medium_id, id);
CREATE TRIGGER media_register_no_update BEFORE UPDATE ON media_register
BEGIN
    SELECT RAISE(ABORT, 'media_register is append-only');
END;
CREATE TRIGGER media_register_no_delete BEFORE DELETE ON media_register
BEGIN
    SELECT RAISE(ABORT, 'media_register is append-only');
END;

-- 確認リスト: what must be confirmed by a person rather than applied silently (a changed or blank
-- My Number for the same person, an answer that does not match its inquiry).
CREATE TABLE exchange_checks (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('my_number_changed','my_number_blank','server_my_number_mismatch','server_my_number_blank','answer_mismatch')),
    outbox_id   INTEGER REFERENCES outbox(id),
    person_id   INTEGER REFERENCES persons(id),
    batch_id    INTEGER REFERENCES exchange_batches(id),
    detail      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    review_note TEXT
);
CREATE INDEX exchange_checks_open ON exchange_checks(reviewed_at, id);

-- 調査記録: what the office learned about a household, with the agency and the date. Inquiry
-- answers (照会結果) are attached here on import. Append-only.
CREATE TABLE investigation_records (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    person_id    INTEGER REFERENCES persons(id),
    source       TEXT NOT NULL CHECK (source IN ('inquiry')),
    outbox_id    INTEGER REFERENCES outbox(id),
    agency       TEXT NOT NULL,
    information  TEXT NOT NULL,
    answered_on  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('answered','no_data')),
    content      TEXT NOT NULL,
    import_id    INTEGER REFERENCES exchange_imports(id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX investigation_records_household ON investigation_records(household_id, id);
CREATE TRIGGER investigation_records_no_update BEFORE UPDATE ON investigation_records
BEGIN
    SELECT RAISE(ABORT, 'investigation_records is append-only');
END;
CREATE TRIGGER investigation_records_no_delete BEFORE DELETE ON investigation_records
BEGIN
    SELECT RAISE(ABORT, 'investigation_records is append-only');
END;
