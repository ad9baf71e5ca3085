import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { sharedPath } from '../shared-data.ts';
import { captureIo } from './capture-io.ts';


let dir: string;

// A tiny benchmark set in the layout of ../shared/bench/README.md, made here.
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-eval-'));
  const set = path.join(dir, 'tiny');
  fs.mkdirSync(path.join(set, 'en'), { recursive: true });
  fs.mkdirSync(path.join(set, 'fr'), { recursive: true });
  fs.mkdirSync(path.join(set, 'gold'), { recursive: true });
  fs.writeFileSync(path.join(set, 'dataset.json'), JSON.stringify({ name: 'tiny', src: 'en', tgt: 'fr', docs: ['d1'] }));
  fs.writeFileSync(
    path.join(set, 'en', 'd1'),
    [
      'The Committee on Information held its first session in Geneva in 1998.',
      'The delegation of Argentina presented a report on the protection of the environment.',
      'The programme of work was adopted without a vote.',
    ].join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(set, 'fr', 'd1'),
    [
      "Le Comité de l'information a tenu sa première session à Genève en 1998.",
      "La délégation de l'Argentine a présenté un rapport sur la protection de l'environnement.",
      'Le programme de travail a été adopté sans vote.',
    ].join('\n') + '\n',
  );
  fs.writeFileSync(path.join(set, 'gold', 'd1.align'), '[0]:[0]\n[1]:[1]\n[2]:[2]\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('triptych eval', () => {
  it('prints strict and lax figures per set, then one line of JSON, and writes --out', async () => {
    const io = captureIo();
    const out = path.join(dir, 'out');
    const code = await runCli(['eval', path.join(dir, 'tiny'), '--out', out], io);
    expect(code).toBe(0);
    const lines = io.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^tiny\s+strict P 1\.000 R 1\.000 F1 1\.000\s+lax P 1\.000 R 1\.000 F1 1\.000\s+[\d.]+ s$/);
    const json = JSON.parse(lines[lines.length - 1]) as { sets: Array<{ name: string; strict: { f1: number }; lax: { p: number }; seconds: number }> };
    expect(json.sets).toHaveLength(1);
    expect(json.sets[0]).toMatchObject({ name: 'tiny', strict: { p: 1, r: 1, f1: 1 }, lax: { p: 1, r: 1, f1: 1 } });
    expect(typeof json.sets[0].seconds).toBe('number');
    expect(fs.readFileSync(path.join(out, 'tiny', 'd1.align'), 'utf8')).toBe('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
  });

  it('with --explain sorts the missed gold beads and gives the repaired F1', async () => {
    // gold that pairs the first two sentences as one unit: the aligner pairs them one by one (a finer split)
    const set = path.join(dir, 'coarse');
    fs.cpSync(path.join(dir, 'tiny'), set, { recursive: true });
    fs.writeFileSync(path.join(set, 'dataset.json'), JSON.stringify({ name: 'coarse', src: 'en', tgt: 'fr', docs: ['d1'] }));
    fs.writeFileSync(path.join(set, 'gold', 'd1.align'), '[0,1]:[0,1]\n[2]:[2]\n');
    const io = captureIo();
    expect(await runCli(['eval', set, '--explain'], io)).toBe(0);
    expect(io.stdout).toMatch(/missed gold beads 1: 1 split finer, 0 inside a larger bead, 0 crossing; strict F1 with all but the finer splits repaired 0\.400/);
    const json = JSON.parse(io.stdout.trim().split('\n').pop()!) as { sets: Array<{ explain: unknown }> };
    expect(json.sets[0].explain).toEqual({ missed: 1, finer: 1, coarser: 0, crossing: 0, repairedStrictF1: 0.4 });
  });

  it('measures how well the confidences tell right beads from wrong', async () => {
    // gold pairs the first two sentences as one unit, so the aligner's first two beads are wrong
    const set = path.join(dir, 'calibration');
    fs.cpSync(path.join(dir, 'tiny'), set, { recursive: true });
    fs.writeFileSync(path.join(set, 'dataset.json'), JSON.stringify({ name: 'calibration', src: 'en', tgt: 'fr', docs: ['d1'] }));
    fs.writeFileSync(path.join(set, 'gold', 'd1.align'), '[0,1]:[0,1]\n[2]:[2]\n');
    const io = captureIo();
    expect(await runCli(['eval', set], io)).toBe(0);
    expect(io.stdout).toMatch(/confidence: ECE \d\.\d{3}, wrong beads < 0\.5 \d\.\d{3}, right beads < 0\.5 \d\.\d{3}/);
    const json = JSON.parse(io.stdout.trim().split('\n').pop()!) as { sets: Array<{ confidence: { ece: number; wrongBelowHalf: number; rightBelowHalf: number } }> };
    const c = json.sets[0].confidence;
    for (const x of [c.ece, c.wrongBelowHalf, c.rightBelowHalf]) expect(x).toBeGreaterThanOrEqual(0);
    for (const x of [c.ece, c.wrongBelowHalf, c.rightBelowHalf]) expect(x).toBeLessThanOrEqual(1);
  });

  it('with --parallel scores each document with its partner and with the next document\'s', async () => {
    const set = path.join(dir, 'two');
    fs.cpSync(path.join(dir, 'tiny'), set, { recursive: true });
    fs.writeFileSync(path.join(set, 'dataset.json'), JSON.stringify({ name: 'two', src: 'en', tgt: 'fr', docs: ['d1', 'd2'] }));
    fs.writeFileSync(path.join(set, 'en', 'd2'), ['The glaciers of the Alps have been retreating since 1850.', 'The path climbs through the forest to the pass.', 'At the hut the warden served us a hot soup.'].join('\n') + '\n');
    fs.writeFileSync(path.join(set, 'fr', 'd2'), ["Les glaciers des Alpes reculent depuis 1850.", "Le sentier monte à travers la forêt jusqu'au col.", 'Au refuge, le gardien nous servit une soupe chaude.'].join('\n') + '\n');
    fs.writeFileSync(path.join(set, 'gold', 'd2.align'), '[0]:[0]\n[1]:[1]\n[2]:[2]\n');
    const io = captureIo();
    expect(await runCli(['eval', set, '--parallel'], io)).toBe(0);
    expect(io.stdout).toMatch(/parallel: 2\/2 true partners >= 0\.5 \(lowest \d\.\d{3}\), 2\/2 wrong partners < 0\.5 \(highest \d\.\d{3}\); 1\.000 correct/);
    const json = JSON.parse(io.stdout.trim().split('\n').pop()!) as { sets: Array<{ parallel: { correct: number } }> };
    expect(json.sets[0].parallel.correct).toBe(1);
  });

  it('with --moves reports a reversed and a moved passage of a UN document as moves, and none in it as it is', async () => {
    const set = path.join(dir, 'un-one');
    for (const sub of ['en', 'ru', 'gold']) fs.mkdirSync(path.join(set, sub), { recursive: true });
    fs.writeFileSync(path.join(set, 'dataset.json'), JSON.stringify({ name: 'un-one', src: 'en', tgt: 'ru', docs: ['001'] }));
    for (const sub of ['en', 'ru']) fs.copyFileSync(sharedPath('bench', 'un-dev-enru', sub, '001'), path.join(set, sub, '001'));
    fs.copyFileSync(sharedPath('bench', 'un-dev-enru', 'gold', '001.align'), path.join(set, 'gold', '001.align'));
    const io = captureIo();
    expect(await runCli(['eval', set, '--moves'], io)).toBe(0);
    expect(io.stdout).toContain('moves: 1/1 reversed passages and 1/1 moved passages reported as moves; 0 moves reported in the documents as they are');
    const json = JSON.parse(io.stdout.trim().split('\n').pop()!) as { sets: Array<{ moves: unknown }> };
    expect(json.sets[0].moves).toEqual({ docs: 1, reversedFound: 1, movedFound: 1, falseMoves: 0 });
  });

  it('refuses a directory that is not a benchmark set', async () => {
    const io = captureIo();
    const code = await runCli(['eval', dir], io);
    expect(code).not.toBe(0);
    expect(io.stderr).toMatch(/not a benchmark set/);
  });

  it('needs at least one set', async () => {
    const io = captureIo();
    expect(await runCli(['eval'], io)).not.toBe(0);
    expect(io.stderr).toMatch(/at least one/);
  });
});
