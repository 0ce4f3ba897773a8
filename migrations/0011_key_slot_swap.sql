-- 0011: a slot is swapped in two steps (issue 14). While an account's slot is being replaced
-- (password change, reset, a cheaper slot raised at login) the database accepts the new slot's
-- fingerprint in `pending` besides the old one, so a crash between writing the side file and
-- recording the new fingerprint never locks the account out; the next login finishes the swap.
ALTER TABLE key_slots ADD COLUMN pending TEXT;
