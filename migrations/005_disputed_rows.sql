-- A row of an automatic alignment that a direct alignment of two non-pivot versions (Russian with
-- Chinese when English is the pivot) pairs differently: the grid keeps its pivot reading, lowers the
-- row's confidence and says why. Manual rows are never disputed.
ALTER TABLE alignment_rows ADD COLUMN disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1));
