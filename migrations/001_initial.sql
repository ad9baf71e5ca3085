-- Works, their language versions (raw bytes kept exactly as imported), blocks, sentences,
-- the alignment grid and the event log.

CREATE TABLE works (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL,
  pivot_lang  TEXT NOT NULL DEFAULT 'en',
  created_at  TEXT NOT NULL
);

-- A version is one language rendering of a work. `name` identifies it within the work
-- ('en', 'ru', 'en-revised'); a replaced version stays here with retired_at set.
CREATE TABLE versions (
  id           INTEGER PRIMARY KEY,
  work_id      INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  lang         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('authentic', 'official', 'unofficial', 'working')),
  label        TEXT NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  provenance   TEXT NOT NULL DEFAULT '',
  revision_of  TEXT,
  file_name    TEXT NOT NULL DEFAULT '',
  encoding     TEXT NOT NULL,
  raw_bytes    BLOB NOT NULL,
  content_sha256 TEXT NOT NULL,
  text         TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  retired_at   TEXT
);
CREATE UNIQUE INDEX versions_active_name ON versions(work_id, name) WHERE retired_at IS NULL;

CREATE TABLE blocks (
  version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('heading', 'part-marker', 'paragraph', 'list-item', 'signature', 'residue')),
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  part        INTEGER NOT NULL,
  paragraph   INTEGER NOT NULL,
  label       TEXT,
  PRIMARY KEY (version_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE sentences (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  block       INTEGER NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  text        TEXT NOT NULL,
  UNIQUE (version_id, ordinal)
);

-- One row of the grid; `position` orders the rows of a work. `revision` grows with every change
-- so that an edit made against a stale view can be refused.
CREATE TABLE alignment_rows (
  id          INTEGER PRIMARY KEY,
  work_id     INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
  confidence  REAL,
  confirmed   INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
  revision    INTEGER NOT NULL DEFAULT 1,
  UNIQUE (work_id, position)
);

-- The sentences of one version in one row: ordinals first_ordinal .. first_ordinal+count-1.
-- An empty cell (count 0) keeps first_ordinal at the place the next sentence would take.
CREATE TABLE alignment_cells (
  row_id         INTEGER NOT NULL REFERENCES alignment_rows(id) ON DELETE CASCADE,
  version_id     INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  first_ordinal  INTEGER NOT NULL CHECK (first_ordinal >= 0),
  count          INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (row_id, version_id)
) WITHOUT ROWID;
CREATE INDEX alignment_cells_version ON alignment_cells(version_id, first_ordinal);

-- Every change, starting with imports: who, when, what, and the state before and after (JSON).
CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  work_id     INTEGER REFERENCES works(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  summary     TEXT NOT NULL,
  before_json TEXT,
  after_json  TEXT
);
CREATE INDEX events_work ON events(work_id, id);
