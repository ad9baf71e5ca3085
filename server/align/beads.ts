// The bead text format `[i,j]:[k]` (0-based, source first, [] for an empty side) and the invariant
// every alignment keeps: each sentence of both sides appears exactly once, in order.

export interface BeadIndices {
  src: number[];
  tgt: number[];
}

export function formatBead(bead: BeadIndices): string {
  return `[${bead.src.join(',')}]:[${bead.tgt.join(',')}]`;
}

export function formatBeads(beads: BeadIndices[]): string {
  return beads.map((b) => formatBead(b) + '\n').join('');
}

function parseIndexList(text: string, lineNo: number): number[] {
  const inner = text.trim();
  if (!inner.startsWith('[') || !inner.endsWith(']')) throw new Error(`line ${lineNo}: expected [..], got '${text}'`);
  const body = inner.slice(1, -1).trim();
  if (body === '') return [];
  return body.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 0) throw new Error(`line ${lineNo}: bad index '${part.trim()}'`);
    return value;
  });
}

/** Parses one bead per line; blank lines are ignored; spaces inside the brackets are allowed. */
export function parseBeads(text: string): BeadIndices[] {
  const beads: BeadIndices[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const colon = line.indexOf(']:');
    if (colon < 0) throw new Error(`line ${n + 1}: expected [..]:[..], got '${line}'`);
    beads.push({ src: parseIndexList(line.slice(0, colon + 1), n + 1), tgt: parseIndexList(line.slice(colon + 2), n + 1) });
  }
  return beads;
}

/** Returns null when the beads cover 0..srcCount-1 and 0..tgtCount-1 exactly once in order, else why not. */
export function coverageProblem(beads: BeadIndices[], srcCount: number, tgtCount: number): string | null {
  let nextSrc = 0;
  let nextTgt = 0;
  for (const [k, bead] of beads.entries()) {
    if (bead.src.length === 0 && bead.tgt.length === 0) return `bead ${k} is empty on both sides`;
    for (const i of bead.src) {
      if (i !== nextSrc) return `bead ${k}: expected source ${nextSrc}, found ${i}`;
      nextSrc++;
    }
    for (const j of bead.tgt) {
      if (j !== nextTgt) return `bead ${k}: expected target ${nextTgt}, found ${j}`;
      nextTgt++;
    }
  }
  if (nextSrc !== srcCount) return `source covered up to ${nextSrc} of ${srcCount}`;
  if (nextTgt !== tgtCount) return `target covered up to ${nextTgt} of ${tgtCount}`;
  return null;
}

/** Builds a bead from half-open ranges [i0,i1) and [j0,j1). */
export function beadFromRanges(i0: number, i1: number, j0: number, j1: number): BeadIndices {
  const src: number[] = [];
  const tgt: number[] = [];
  for (let i = i0; i < i1; i++) src.push(i);
  for (let j = j0; j < j1; j++) tgt.push(j);
  return { src, tgt };
}
