-- The concordance index gets a third column, `chars`: each character of a sentence's unspaced runs
-- (Han, kana, Thai...) alone (server/text/search-terms.ts characterIndexTerms). A query of one
-- character was the prefix of every bigram it begins, which the index answers by merging all their
-- lists: 400 ms at p99 for a frequent Chinese character in a corpus of 3 million sentences; one term
-- in its own column is one list. An FTS5 table cannot take a new column, so it is made again, with
-- the same tokenizer and options as in 020; the code step of this migration fills it from every
-- sentence (server/db/connection.ts dataSteps). The triggers of 020 name the table, not its columns,
-- and go on working.
DROP TABLE sentence_search;

CREATE VIRTUAL TABLE sentence_search USING fts5(
  terms,
  joined,
  chars,
  content = '',
  contentless_delete = 1,
  tokenize = "ascii tokenchars '_'"
);
