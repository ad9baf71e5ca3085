-- Terminology and annotations: the termbase (concepts, and per language any number of terms with a
-- status and an optional validity period), the date of each work's document (for the rule that a
-- superseded term is right before its date), the shipped termbases already seeded, and annotations
-- anchored in sentences by offsets, the quoted words and the sentence as it was.

CREATE TABLE term_concepts (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  definition  TEXT NOT NULL DEFAULT '',
  subject     TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE term_entries (
  id           INTEGER PRIMARY KEY,
  concept_id   INTEGER NOT NULL REFERENCES term_concepts(id) ON DELETE CASCADE,
  lang         TEXT NOT NULL,
  text         TEXT NOT NULL CHECK (length(trim(text)) > 0),
  status       TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'deprecated', 'superseded', 'forbidden')),
  valid_from   TEXT,
  valid_until  TEXT,
  usage_note   TEXT NOT NULL DEFAULT '',
  context      TEXT NOT NULL DEFAULT '',
  UNIQUE (concept_id, lang, text)
);
CREATE INDEX term_entries_lang ON term_entries(lang, text);

-- A shipped termbase is seeded once; deleting its concepts later does not bring them back.
CREATE TABLE termbase_seeds (
  name  TEXT PRIMARY KEY,
  at    TEXT NOT NULL
);

CREATE TABLE work_document_dates (
  work_id        INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
  document_date  TEXT NOT NULL
);

CREATE TABLE annotations (
  id               INTEGER PRIMARY KEY,
  work_id          INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  version_id       INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  sentence_ordinal INTEGER NOT NULL,
  start            INTEGER NOT NULL CHECK (start >= 0),
  end              INTEGER NOT NULL CHECK (end > start),
  quote            TEXT NOT NULL,
  sentence_text    TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('term', 'issue')),
  concept_id       INTEGER REFERENCES term_concepts(id) ON DELETE SET NULL,
  category         TEXT CHECK (category IN ('terminology', 'omission', 'addition', 'mistranslation', 'number', 'style')),
  comment          TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  author           TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  resolved_at      TEXT,
  CHECK ((kind = 'issue') = (category IS NOT NULL))
);
CREATE INDEX annotations_work ON annotations(work_id, status);
CREATE INDEX annotations_sentence ON annotations(version_id, sentence_ordinal);
