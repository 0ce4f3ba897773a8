-- 0006: the database records which key slot each account may use (issue 7). The side file can be
-- written by anyone who can write the folder; a slot it carries that still unwraps — an old copy
-- kept by someone who left, a slot restored after `user disable` — is refused unless its
-- fingerprint is the one recorded here. Rows are written by the program whenever it writes a slot.
CREATE TABLE key_slots (
    user_id     TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
