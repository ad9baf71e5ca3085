-- Alignments belong to pairs of versions. A work keeps one alignment per pair (en-ru, en-zh, ru-zh,
-- en-en-revised): beads of contiguous sentence ranges on each side with their confidence,
-- confirmation and revision. The three-column grid is computed from the pairs and no longer stored.
-- The order of a work's columns is one stored fact (work_columns: a name keeps the place it was
-- first imported at, so a replaced version keeps its column).
--
-- This file makes the new tables and projects each work's grid onto its pairs (a row becomes one
-- bead of every pair in which it has a sentence, with the row's state). The event log is rewritten
-- to the pairs by server/db/legacy-grid-events.ts, which runs inside the same transaction right after
-- this file and then drops alignment_rows and alignment_cells.

CREATE TABLE work_columns (
  work_id   INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  position  INTEGER NOT NULL,
  PRIMARY KEY (work_id, name)
) WITHOUT ROWID;

INSERT INTO work_columns (work_id, name, position)
SELECT work_id, name, row_number() OVER (PARTITION BY work_id ORDER BY min(id)) - 1
FROM versions GROUP BY work_id, name;

-- `revision` moves with every change of the pair's beads (server/db/alignments.ts): the views
-- computed from the pairs are cached under it.
CREATE TABLE alignments (
  id          INTEGER PRIMARY KEY,
  work_id     INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  version_a   INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  version_b   INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  CHECK (version_a <> version_b),
  UNIQUE (version_a, version_b)
);
CREATE INDEX alignments_work ON alignments(work_id);

-- A bead: sentences a_first .. a_first+a_count-1 of version_a with b_first .. b_first+b_count-1 of
-- version_b. An empty side keeps its first ordinal at the place the next sentence would take; a bead
-- with both sides empty is a placeholder a user inserted in the pair view. Beads are ordered by `ord`,
-- which grows strictly along a valid alignment (a placeholder sorts before the bead at its point).
CREATE TABLE beads (
  id            INTEGER PRIMARY KEY,
  alignment_id  INTEGER NOT NULL REFERENCES alignments(id) ON DELETE CASCADE,
  a_first       INTEGER NOT NULL CHECK (a_first >= 0),
  a_count       INTEGER NOT NULL CHECK (a_count >= 0),
  b_first       INTEGER NOT NULL CHECK (b_first >= 0),
  b_count       INTEGER NOT NULL CHECK (b_count >= 0),
  ord           INTEGER GENERATED ALWAYS AS (2 * (a_first + b_first) + (a_count + b_count > 0)) STORED,
  origin        TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
  confidence    REAL,
  confirmed     INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
  revision      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX beads_order ON beads(alignment_id, ord);

-- Which pairs an event changed: the undo and redo of a pair view read the latest of these.
CREATE TABLE event_alignments (
  alignment_id  INTEGER NOT NULL REFERENCES alignments(id) ON DELETE CASCADE,
  event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  PRIMARY KEY (alignment_id, event_id)
) WITHOUT ROWID;
CREATE INDEX event_alignments_event ON event_alignments(event_id);

-- The pairs of every grid: each two of its versions, the pivot version (the work's pivot language,
-- the first such column) on side a, the others in column order.
WITH grid_versions AS (
  SELECT DISTINCT r.work_id, c.version_id
  FROM alignment_cells c JOIN alignment_rows r ON r.id = c.row_id
),
placed AS (
  SELECT g.work_id, g.version_id, wc.position, (v.lang = w.pivot_lang) AS pivot_lang
  FROM grid_versions g
  JOIN versions v ON v.id = g.version_id
  JOIN works w ON w.id = g.work_id
  JOIN work_columns wc ON wc.work_id = g.work_id AND wc.name = v.name
),
pivots AS (
  SELECT work_id, version_id FROM (
    SELECT work_id, version_id, row_number() OVER (PARTITION BY work_id ORDER BY pivot_lang DESC, position) AS k FROM placed
  ) WHERE k = 1
)
INSERT INTO alignments (work_id, version_a, version_b, created_at)
SELECT x.work_id,
       CASE WHEN y.version_id = p.version_id THEN y.version_id ELSE x.version_id END,
       CASE WHEN y.version_id = p.version_id THEN x.version_id ELSE y.version_id END,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM placed x
JOIN placed y ON y.work_id = x.work_id AND y.position > x.position
JOIN pivots p ON p.work_id = x.work_id
ORDER BY x.work_id, x.position, y.position;

INSERT INTO beads (alignment_id, a_first, a_count, b_first, b_count, origin, confidence, confirmed, revision)
SELECT al.id, ca.first_ordinal, ca.count, cb.first_ordinal, cb.count, r.origin, r.confidence, r.confirmed, r.revision
FROM alignments al
JOIN alignment_rows r ON r.work_id = al.work_id
JOIN alignment_cells ca ON ca.row_id = r.id AND ca.version_id = al.version_a
JOIN alignment_cells cb ON cb.row_id = r.id AND cb.version_id = al.version_b
WHERE ca.count + cb.count > 0
ORDER BY al.id, r.position;
