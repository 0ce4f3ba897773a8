-- 0004: the office's wording of decision notices: the 教示文 (appeal guidance) and the lead
-- sentence of each kind of notice. A key without a row uses the program's default text
-- (`domain::notice::TemplateKey::default_text`). Placeholders {prefecture} and {governor} are
-- filled from office settings when a notice is printed. Every change is in the audit log (old → new).
CREATE TABLE notice_templates (
    key        TEXT PRIMARY KEY CHECK (key IN ('appeal','lead_start','lead_change','lead_suspend','lead_abolish','lead_reject')),
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
