-- 0014 (issue 12): the office chooses whether a person's 介護券 of a month carry that month's
-- 医療券 受給者番号 or a number of their own (介護券記載要領 一(四) allows sharing; until now it
-- was always shared, which stays the default).
ALTER TABLE office_settings ADD COLUMN care_recipient_number TEXT NOT NULL DEFAULT 'shared'
    CHECK (care_recipient_number IN ('shared', 'separate'));

-- 受給者番号 of a person and month by series: 'common' (医療券・調剤券, and 介護券 when shared) or
-- 'care' (介護券 with a number of their own). Numbers stay unique within the month across both.
-- SQLite cannot change a primary key, so the table is rebuilt with its rows (all 'common').
CREATE TABLE recipient_numbers_new (
    month      TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    series     TEXT NOT NULL CHECK (series IN ('common', 'care')),
    category   INTEGER NOT NULL CHECK (category BETWEEN 1 AND 999999),
    number     TEXT NOT NULL CHECK (length(number) = 7),
    created_at TEXT NOT NULL,
    PRIMARY KEY (month, person_id, series),
    UNIQUE (month, number)
);
INSERT INTO recipient_numbers_new (month, person_id, series, category, number, created_at)
SELECT month, person_id, 'common', category, number, created_at FROM recipient_numbers;
DROP TABLE recipient_numbers;
ALTER TABLE recipient_numbers_new RENAME TO recipient_numbers;
