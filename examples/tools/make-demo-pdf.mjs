#!/usr/bin/env node
// Writes the one PDF of the demo corpus: examples/demo/2025-03-12-crcf-situation-note.pdf.
// Plain Node, no dependencies. The output is a minimal PDF 1.4 with a real text layer
// (standard Type1 Helvetica, text drawn with BT/Tf/Td/Tj) and exact xref byte offsets.
// The report is illustrative: the organisation and everything it says are fictional.
// Output is deterministic, so re-running the script reproduces the committed file byte for byte.
//
//   node examples/tools/make-demo-pdf.mjs

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo', '2025-03-12-crcf-situation-note.pdf');

const TITLE = 'Situation note no. 3: basic services in Lattakia, Jableh and Baniyas';
const SOURCE = 'Coastal Relief Coordination Forum';

// Each block: [font, text]. F1 = Helvetica, F2 = Helvetica-Bold. '' is a blank line.
const BLOCKS = [
  ['F1', 'Illustrative report written for the Vigil demo; organisations and people are fictional.'],
  ['F1', `Source: ${SOURCE}`],
  ['F1', 'Published: 2025-03-12'],
  ['F1', `Title: ${TITLE}`],
  ['F1', ''],
  ['F2', 'Coastal Relief Coordination Forum - Situation note no. 3 - 12 March 2025'],
  ['F1', ''],
  [
    'F1',
    'This note summarises what partner organisations reported about basic services on the coast between 7 and 12 March 2025. Figures on displacement will be shared in a separate note.',
  ],
  ['F1', ''],
  [
    'F1',
    'Food and bread. In Jableh, most bakeries have been closed since Saturday, 8 March, after deliveries of flour and fuel stopped reaching the city. Partners report long queues at the few bakeries still working and a sharp rise in the price of bread. Shops report that their food stocks are running low.',
  ],
  ['F1', ''],
  [
    'F1',
    'Electricity. In Lattakia city, mains power has been available for no more than four hours a day since 7 March. Households without a generator report that food is spoiling and that they have no way to keep phones charged.',
  ],
  ['F1', ''],
  [
    'F1',
    'Water. In Baniyas, pumping to the upper neighbourhoods stopped on 9 March because the pumping stations have no fuel for their generators. Families are relying on stored water and on private tankers where these can be found.',
  ],
  ['F1', ''],
  [
    'F1',
    'Health. The main public hospital in Jableh ran out of diesel on 10 March. Planned surgery and dialysis have been suspended and only the emergency department is working, on a small backup generator. Partners are trying to arrange a fuel delivery but cannot yet guarantee safe passage for tankers.',
  ],
  ['F1', ''],
  [
    'F1',
    'Priorities. Fuel for the Jableh hospital and for bakeries; flour deliveries to Jableh; fuel for the Baniyas pumping stations; safe passage for supply trucks on the road between Latakia, Jableh and Baniyas.',
  ],
];

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 56;
const SIZE = 10;
const LEADING = 14;
const WRAP = 92; // characters per line; Helvetica at 10 pt averages about 5 pt per character

function wrap(text) {
  if (text === '') return [''];
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > WRAP) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function pdfString(s) {
  if (/[^\x20-\x7e]/.test(s)) throw new Error(`non-ASCII text: ${s}`);
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

// Lay the lines out on pages.
const lines = BLOCKS.flatMap(([font, text]) => wrap(text).map((t) => [font, t]));
const perPage = Math.floor((PAGE_H - 2 * MARGIN) / LEADING);
const pages = [];
for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));

function contentStream(pageLines) {
  const ops = ['BT', `${MARGIN} ${PAGE_H - MARGIN} Td`];
  let font = '';
  let first = true;
  for (const [f, text] of pageLines) {
    if (f !== font) {
      ops.push(`/${f} ${SIZE} Tf`);
      font = f;
    }
    if (!first) ops.push(`0 ${-LEADING} Td`);
    first = false;
    if (text) ops.push(`${pdfString(text)} Tj`);
  }
  ops.push('ET');
  return `${ops.join('\n')}\n`;
}

// Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info, then page/content pairs.
const objects = [];
const pageIds = pages.map((_, i) => 6 + i * 2);
objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
objects[5] =
  `<< /Title ${pdfString(TITLE)} /Author ${pdfString(SOURCE)} ` +
  `/Subject ${pdfString('Illustrative report written for the Vigil demo; organisations and people are fictional.')} ` +
  `/Producer ${pdfString('Vigil examples/tools/make-demo-pdf.mjs')} /CreationDate (D:20250312090000+03'00') >>`;
pages.forEach((pageLines, i) => {
  const pageId = pageIds[i];
  const stream = contentStream(pageLines);
  objects[pageId] =
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] ` +
    `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
  objects[pageId + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`;
});

// Serialise with exact byte offsets (everything is ASCII, so one character is one byte).
let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
const offsets = [];
for (let id = 1; id < objects.length; id++) {
  offsets[id] = Buffer.byteLength(out, 'latin1');
  out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
}
const xrefAt = Buffer.byteLength(out, 'latin1');
out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;

writeFileSync(OUT, Buffer.from(out, 'latin1'));
process.stdout.write(`wrote ${OUT} (${pages.length} page(s), ${Buffer.byteLength(out, 'latin1')} bytes)\n`);
