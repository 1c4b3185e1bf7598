import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small deterministic pseudo-random generator (mulberry32), so a corpus is the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['Latakia', 'Jableh', 'Baniyas', 'Tartus', 'Homs', 'Damascus', 'Qardaha'];
const SOURCES = ['Coastal Monitor', 'Harbour Daily', 'Valley Voice', 'North Wire', 'Plain Observer'];
const EVENTS = [
  (p: string, n: number) => `Gunmen killed ${n} civilians in ${p} on Saturday, residents said.`,
  (p: string) => `Shelling hit residential streets of ${p} overnight.`,
  (p: string, n: number) => `${n} men were kidnapped at a checkpoint near ${p}.`,
  (p: string) => `Armed groups looted shops and homes in ${p}.`,
  (p: string, n: number) => `About ${n * 10} families fled ${p} toward the mountains.`,
  (p: string) => `Bakeries in ${p} halted work because of power cuts and fuel shortages.`,
];

/**
 * Writes `count` invented news reports (fictional outlets, real place names) as text files
 * and returns their paths in order. Each has its own serial, so no two share bytes.
 */
export function writeCorpus(dir: string, count: number, seed = 7): string[] {
  mkdirSync(dir, { recursive: true });
  const random = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = pick(SOURCES);
    const sentences = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      pick(EVENTS)(pick(PLACES), 2 + Math.floor(random() * 20)),
    );
    const text = [
      `${source} bulletin ${i + 1}`,
      '',
      ...sentences,
      `The ${source} said it was still documenting the events of bulletin ${i + 1}.`,
      '',
    ].join('\n');
    const path = join(dir, `report-${String(i + 1).padStart(6, '0')}.txt`);
    writeFileSync(path, text);
    files.push(path);
  }
  return files;
}

/** A copy of `xs` in a seeded random order. */
export function shuffled<T>(xs: T[], seed: number): T[] {
  const random = seeded(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
