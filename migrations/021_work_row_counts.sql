-- How many rows each work's three-column view has, as last derived: the library shows it for every
-- work on its page, and deriving it reads every bead of the work's pivot pairs (about 15 ms for a
-- work of 3 × 1,000 sentences, so a page of 25 works took 350 ms). The count is good while the
-- work's state key (server/services/alignment-state.ts stateKey: its pairs with their revisions and
-- its versions with their lengths) is the one stored beside it; any other key means it is stale and
-- is derived again. A cache, never a source: deleting a row only costs its derivation.
CREATE TABLE work_row_counts (
  work_id   INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
  state_key TEXT NOT NULL,
  rows      INTEGER NOT NULL CHECK (rows >= 0)
);
