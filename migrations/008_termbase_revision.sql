-- A revision number of the termbase that the database keeps itself: every insert, update or delete
-- of a concept or a term bumps it, whoever writes (a use case, an import, another process, a hand-
-- written statement). The compiled term matcher is cached against it (server/services/
-- terms-recognition.ts), so no use case has to remember to say that the termbase changed.
-- (Numbered 008: 006 and 007 belong to other changes; the runner applies whatever is missing, in order.)

CREATE TABLE termbase_revision (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  revision  INTEGER NOT NULL
);
INSERT INTO termbase_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER term_concepts_insert_revision AFTER INSERT ON term_concepts
BEGIN UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER term_concepts_update_revision AFTER UPDATE ON term_concepts
BEGIN UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER term_concepts_delete_revision AFTER DELETE ON term_concepts
BEGIN UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER term_entries_insert_revision AFTER INSERT ON term_entries
BEGIN UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER term_entries_update_revision AFTER UPDATE ON term_entries
BEGIN UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER term_entries_delete_revision AFTER DELETE ON term_entries
BEGIN UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1; END;
