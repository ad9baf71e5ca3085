import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { captureIo } from './capture-io.ts';


let dir: string;
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-align-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const en = [
  'The Committee on Information held its first session in Geneva in 1998.',
  'The delegation of Argentina presented a report on the protection of the environment.',
  'The programme of work was adopted without a vote.',
];
const ru = [
  'Комитет по информации провел свою первую сессию в Женеве в 1998 году.',
  'Делегация Аргентины представила доклад о защите окружающей среды.',
  'Программа работы была принята без голосования.',
];

describe('triptych align', () => {
  it('prints one bead per line covering both texts', async () => {
    const io = captureIo();
    const code = await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', file('a.en', en.join('\n') + '\n'), file('a.ru', ru.join('\n') + '\n')], io);
    // standard error carries the parallelism score and nothing else
    expect(io.stderr).toMatch(/^parallel: \d\.\d\d\n$/);
    expect(code).toBe(0);
    expect(io.stdout).toBe('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
  });

  it('prints the beads and the parallelism score as JSON with --json', async () => {
    const io = captureIo();
    const code = await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', '--json', file('j.en', en.join('\n') + '\n'), file('j.ru', ru.join('\n') + '\n')], io);
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as { parallel: number; beads: Array<{ src: number[]; tgt: number[]; confidence: number }> };
    expect(out.beads.map((b) => [b.src, b.tgt])).toEqual([[[0], [0]], [[1], [1]], [[2], [2]]]);
    for (const b of out.beads) expect(b.confidence).toBeGreaterThan(0.5);
    expect(io.stderr).toBe(`parallel: ${out.parallel.toFixed(2)}\n`);
  });

  it('tells a translation from an unrelated text by its parallelism score', async () => {
    const enDoc = [
      'The Committee on Information held its first session in Geneva in 1998.',
      'The delegation of Argentina presented a report on the protection of the environment in 2004.',
      'The Secretary-General submitted his annual report to the General Assembly on 5 July 2005.',
      'The programme of work for 2006 was adopted without a vote.',
      'The representative of Brazil made a statement on the budget of 1,200,000 dollars.',
      'The meeting rose at 6 p.m.',
    ];
    const frDoc = [
      "Le Comité de l'information a tenu sa première session à Genève en 1998.",
      "La délégation de l'Argentine a présenté un rapport sur la protection de l'environnement en 2004.",
      "Le Secrétaire général a présenté son rapport annuel à l'Assemblée générale le 5 juillet 2005.",
      'Le programme de travail pour 2006 a été adopté sans vote.',
      'Le représentant du Brésil a fait une déclaration sur le budget de 1 200 000 dollars.',
      'La séance est levée à 18 heures.',
    ];
    const unrelated = [
      'Les glaciers des Alpes reculent depuis la fin du petit âge glaciaire.',
      "Le sentier monte à travers la forêt jusqu'au col, puis longe la crête.",
      'Au refuge, le gardien nous servit une soupe chaude et du pain.',
      "Le lendemain, la pluie nous obligea à renoncer au sommet.",
      'Nous redescendîmes par la vallée, sous un ciel bas et gris.',
      'Le soir, le village était silencieux.',
    ];
    const score = async (tgt: string[], name: string): Promise<number> => {
      const io = captureIo();
      expect(await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'fr', '--presegmented', file(`${name}.en`, enDoc.join('\n')), file(`${name}.fr`, tgt.join('\n'))], io)).toBe(0);
      return Number(/^parallel: (\d\.\d\d)\n$/.exec(io.stderr)![1]);
    };
    expect(await score(frDoc, 'p1')).toBeGreaterThan(0.9);
    expect(await score(unrelated, 'p2')).toBeLessThan(0.1);
  });

  it('splits unsegmented text into sentences first', async () => {
    const io = captureIo();
    const code = await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', file('b.en', en.join(' ') + '\n'), file('b.ru', ru.join(' ') + '\n')], io);
    expect(code).toBe(0);
    expect(io.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('runs the Gale-Church baseline on request', async () => {
    const io = captureIo();
    const code = await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', '--method', 'gale-church', file('c.en', en.join('\n')), file('c.ru', ru.join('\n'))], io);
    expect(code).toBe(0);
    expect(io.stdout.trim().split('\n')).toHaveLength(3);
  });

  it.each([
    [['--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', 'MISSING', 'MISSING'], /no such file/],
    [['--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', 'EMPTY', 'EMPTY'], /empty/],
    [['--src-lang', 'xx', '--tgt-lang', 'ru', '--presegmented', 'A', 'A'], /unknown language code 'xx'/],
    [['--src-lang', 'en', '--tgt-lang', 'ru', '--method', 'bleu', 'A', 'A'], /unknown method 'bleu'/],
    [['--src-lang', 'en', '--tgt-lang', 'ru', 'A'], /expected two files/],
    [['--tgt-lang', 'ru', 'A', 'A'], /--src-lang is required/],
  ])('refuses bad input with one line on stderr: %j', async (args, message) => {
    const paths: Record<string, string> = {
      MISSING: path.join(dir, 'does-not-exist.txt'),
      EMPTY: file('empty.txt', ''),
      A: file('ok.txt', 'One sentence.\n'),
    };
    const io = captureIo();
    const code = await runCli(['align', ...args.map((a) => paths[a] ?? a)], io);
    expect(code).not.toBe(0);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(message);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('takes a termbase with --terms (a CSV glossary here) as evidence', async () => {
    // without a dictionary for en-ru, length alone pairs the council sentence with the long first one
    const src = file('t.en', ['The Executive Secretary opened the meeting of the delegations in the morning.', 'The Council adopted the agenda without a vote.', 'The meeting rose at noon.'].join('\n') + '\n');
    const tgt = file('t.ru', ['Совет утвердил повестку дня без голосования.', 'Заседание закрылось в полдень.'].join('\n') + '\n');
    const glossary = file('terms.csv', 'concept,en,ru\ncouncil,Council,Совет\nmeeting,meeting,заседание\n');
    const plain = captureIo();
    expect(await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', src, tgt], plain)).toBe(0);
    expect(plain.stdout).not.toContain('[1]:[0]');
    const io = captureIo();
    expect(await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', '--terms', glossary, src, tgt], io)).toBe(0);
    expect(io.stderr).toMatch(/^parallel: \d\.\d\d\n$/);
    expect(io.stdout).toMatch(/(^|\n)\[(0,)?1\]:\[0\]\n\[2\]:\[1\]\n$/);
  });

  it('refuses a missing or unreadable termbase with a message and a non-zero exit', async () => {
    const src = file('u.en', en.join('\n') + '\n');
    const tgt = file('u.ru', ru.join('\n') + '\n');
    const gc = captureIo();
    expect(await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--method', 'gale-church', '--terms', file('ok.csv', 'concept,en,ru\nc,Council,Совет\n'), src, tgt], gc)).not.toBe(0);
    expect(gc.stderr).toMatch(/--terms needs the triptych method/);
    for (const [terms, message] of [
      [path.join(dir, 'nowhere.tbx'), /no such file/],
      [file('empty.csv', ''), /empty/],
      [file('broken.tbx', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><tbx/>'), /DOCTYPE|entit/i],
    ] as const) {
      const io = captureIo();
      const code = await runCli(['align', '--src-lang', 'en', '--tgt-lang', 'ru', '--presegmented', '--terms', terms, src, tgt], io);
      expect(code, terms).not.toBe(0);
      expect(io.stderr, terms).toMatch(message);
      expect(io.stdout).toBe('');
    }
  });
});
