-- Findings of the cross-version checks that a reviewer dismissed, with the reason. A finding is
-- recognised by a fingerprint of its kind, versions, text and the texts of its row, so it stays
-- dismissed when rows move and comes back when the row's text changes.
CREATE TABLE finding_dismissals (
  id           INTEGER PRIMARY KEY,
  work_id      INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  fingerprint  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  row_number   INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  actor        TEXT NOT NULL,
  at           TEXT NOT NULL,
  UNIQUE (work_id, fingerprint)
);
