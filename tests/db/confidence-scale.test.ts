// Migration 024: the aligner's beads stored before the confidence became the one shown (the review
// cut of server/align/calibration.ts) are put on that scale, so that a bead likely wrong is flagged
// whether it was aligned before or after; a person's beads and beads without a confidence are kept.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { shownConfidence } from '../../server/align/calibration.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { makeTempDir } from '../http/helpers.ts';

describe('migration 024', () => {
  it('puts the stored confidences of the aligner on the scale shown, and leaves a person’s beads alone', () => {
    const dir = makeTempDir('triptych-confidence-');
    try {
      const file = path.join(dir, 'old.sqlite');
      const old = new BetterSqlite3(file);
      migrate(old, readMigrations(loadConfig({}).migrationsDir).filter((m) => m.version < 24));
      old.prepare("INSERT INTO works (id, slug, title, created_at) VALUES (1, 'w', 'W', 'now')").run();
      for (const [id, lang] of [[1, 'en'], [2, 'ru']] as const) {
        old.prepare("INSERT INTO versions (id, work_id, name, lang, status, label, encoding, raw_bytes, content_sha256, text, imported_at) VALUES (?, 1, ?, ?, 'working', ?, 'utf-8', x'', '', '', 'now')").run(id, lang, lang, lang);
      }
      old.prepare("INSERT INTO alignments (id, work_id, version_a, version_b, created_at) VALUES (1, 1, 1, 2, 'now')").run();
      const beads: Array<[string, number | null]> = [['auto', 0.6], ['auto', 0.9], ['auto', 0.739], ['manual', 0.3], ['manual', null], ['auto', 0.1]];
      beads.forEach(([origin, confidence], i) => old.prepare('INSERT INTO beads (alignment_id, a_first, a_count, b_first, b_count, origin, confidence) VALUES (1, ?, 1, ?, 1, ?, ?)').run(i, i, origin, confidence));
      old.close();
      const db = openDatabase(file, loadConfig({}).migrationsDir);
      try {
        const stored = db.prepare('SELECT confidence FROM beads ORDER BY a_first').pluck().all() as Array<number | null>;
        expect(stored[0]).toBeCloseTo(shownConfidence(0.6, 0.739), 9);
        expect(stored[0]).toBeLessThan(0.5);
        expect(stored[1]).toBe(0.9);
        expect(stored[2]).toBe(0.739);
        expect(stored[3]).toBe(0.3);
        expect(stored[4]).toBeNull();
        expect(stored[5]).toBeCloseTo(0.5 * 0.1 / 0.739, 9);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
