-- 0007: My Numbers sealed under the My Number key (issue 7). The database key opens with every
-- account's password; a My Number must not: `sealed` is XChaCha20-Poly1305 under a second key
-- that only the slots of roles allowed to reveal wrap (store::reveal), `lookup` a keyed hash
-- for the one-number-one-person check, `last4` what the masked display shows. Numbers stored
-- before this migration stay in `legacy_plain` until the first login of a key holder seals them.
CREATE TABLE my_numbers_sealed (
    person_id    INTEGER PRIMARY KEY REFERENCES persons(id),
    last4        TEXT NOT NULL,
    lookup       TEXT UNIQUE,
    sealed       TEXT,
    legacy_plain TEXT,
    updated_at   TEXT NOT NULL,
    CHECK ((sealed IS NOT NULL AND lookup IS NOT NULL AND legacy_plain IS NULL)
        OR (sealed IS NULL AND lookup IS NULL AND legacy_plain IS NOT NULL))
);
INSERT INTO my_numbers_sealed (person_id, last4, legacy_plain, updated_at)
    SELECT person_id, substr(my_number, 9, 4), my_number, updated_at FROM my_numbers;
DROP TABLE my_numbers;
ALTER TABLE my_numbers_sealed RENAME TO my_numbers;
