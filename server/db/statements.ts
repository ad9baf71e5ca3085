// Prepared statements cached per connection, for the db modules whose statements run on every edit
// (an edit runs a dozen of them). One cache for the whole data layer.
import type { Database, Statement } from 'better-sqlite3';

const statements = new WeakMap<Database, Map<string, Statement>>();

/** The statement for `text` on this connection, prepared on first use. */
export function sql(db: Database, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}
