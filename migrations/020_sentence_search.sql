-- The concordance index: one entry per sentence (rowid = sentences.id) holding its search terms
-- (server/text/search-terms.ts: language-tagged Snowball stems, bigrams of Han and other unspaced
-- scripts), and in `joined` the same with words linked by a hyphen read as one ('' when the
-- sentence links none). Contentless: the terms are not stored twice, only indexed; the `ascii` tokenizer with '_'
-- as a word character takes each term the analysis made as one token, as it stands.
--
-- Kept in step with the sentences by the db module that writes them (server/db/versions.ts calls
-- server/db/sentence-search.ts in the same transaction): the terms are made in JavaScript, which a
-- trigger could only reach through a function registered on every connection that ever writes a
-- sentence. Deletions are plain SQL and need no analysis, so a trigger takes them, cascades
-- included; a sentence's text is never updated in place (an edit replaces the sentence), and a
-- trigger refuses such an update rather than leave the index behind. The entries of the existing
-- sentences are made by the code step of this migration (server/db/connection.ts dataSteps).

CREATE VIRTUAL TABLE sentence_search USING fts5(
  terms,
  joined,
  content = '',
  contentless_delete = 1,
  tokenize = "ascii tokenchars '_'"
);

CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences
BEGIN
  DELETE FROM sentence_search WHERE rowid = old.id;
END;

CREATE TRIGGER sentences_text_unchanged BEFORE UPDATE OF text ON sentences
WHEN new.text IS NOT old.text
BEGIN
  SELECT RAISE(ABORT, 'a sentence''s text is replaced with the sentence (server/db/versions.ts replaceSentences), never updated in place: the concordance index follows replacements');
END;

-- The works in which something is confirmed: a search for confirmed rows only looks there.
CREATE INDEX beads_confirmed ON beads(alignment_id) WHERE confirmed = 1;

-- Finding the bead that holds a sentence, and the beads around it, without reading the whole pair:
-- the concordance shows each hit's row of the three-column view, derived from these beads alone.
CREATE INDEX beads_a_first ON beads(alignment_id, a_first);
CREATE INDEX beads_b_first ON beads(alignment_id, b_first);
