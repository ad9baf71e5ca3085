-- What a TBX-Basic file says of a term and of a concept in one language, kept on import and
-- written on export: a term's part of speech (TBX partOfSpeech) and its source (admin source of
-- the termSec); per concept and language, the langSec's definition, source and note.
-- (006 is reserved for the pair-alignment storage.)

ALTER TABLE term_entries ADD COLUMN part_of_speech TEXT NOT NULL DEFAULT '';
ALTER TABLE term_entries ADD COLUMN source TEXT NOT NULL DEFAULT '';

CREATE TABLE term_language_sections (
  concept_id  INTEGER NOT NULL REFERENCES term_concepts(id) ON DELETE CASCADE,
  lang        TEXT NOT NULL,
  definition  TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (concept_id, lang)
);
