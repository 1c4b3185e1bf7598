import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * What reading a CSV yields, in file order: first its header, then each record as a row (its
 * fields, the line it starts on, its byte range in the file) or, when it cannot be read, a bad
 * row with its line and the reason.
 */
export type CsvItem =
  | { kind: 'header'; fields: string[] }
  | {
      kind: 'row';
      line: number;
      byteStart: number;
      byteEnd: number;
      fields: string[];
      /** The record as written, without its line end: `parseCsvRecord` reads it back. */
      text: string;
    }
  | { kind: 'bad'; line: number; reason: string };

export interface CsvReadOptions {
  delimiter?: string;
  /** Called now and then with the bytes read so far (for a progress bar). */
  onBytes?: (bytes: number) => void;
}

/**
 * Streams a CSV file record by record (RFC 4180 quoting, fields with newlines, CRLF or LF line
 * ends, a UTF-8 BOM, empty lines skipped), holding one chunk of text at a time, never the file.
 * A record that breaks the quoting or has more or fewer fields than the header is reported as
 * bad (with the line it starts on) and reading goes on at the next line.
 *
 * Yields the records of each chunk together: a dataset of 400,000 rows would otherwise pay an
 * async hop per row. Hand-rolled because csv-parse cost a fifth of a bulk import: most rows
 * have no quote at all, and those are split with one native `split`.
 */
export async function* readCsvBatches(
  input: Readable,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvItem[]> {
  const reader = new CsvTextReader(options.delimiter ?? ',');
  const decoder = new StringDecoder('utf8');
  let lastReported = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      // A large read is parsed a slice at a time: the records of one push are all alive until
      // the caller has been through them, and fewer alive is less for the collector to copy.
      const text = decoder.write(chunk);
      for (let at = 0; at < text.length; at += SLICE) {
        const items = reader.push(text.length <= SLICE ? text : text.slice(at, at + SLICE), false);
        if (items.length) yield items;
      }
      if (options.onBytes && reader.bytes - lastReported > 1 << 20) {
        lastReported = reader.bytes;
        options.onBytes(reader.bytes);
      }
    }
    const items = reader.push(decoder.end(), true);
    if (items.length) yield items;
    options.onBytes?.(reader.bytes);
  } finally {
    // A reader that stops early (a rejected header) must not leave the file open.
    input.destroy();
  }
}

/**
 * The fields of one record's text (a row item's `text`), or null when it is not exactly one
 * well-quoted record: how a kept row is read back.
 */
export function parseCsvRecord(text: string, delimiter = ','): string[] | null {
  const items = new CsvTextReader(delimiter).push(text, true);
  const first = items[0];
  return items.length === 1 && first?.kind === 'header' ? first.fields : null;
}

/** `readCsvBatches`, one item at a time. */
export async function* readCsv(input: Readable, options: CsvReadOptions = {}): AsyncGenerator<CsvItem> {
  for await (const items of readCsvBatches(input, options)) yield* items;
}

/** Characters of text parsed per push by `readCsvBatches` (about a hundred dataset rows). */
const SLICE = 64 << 10;
const QUOTE = 34; // "
const LF = 10;
const CR = 13;
/** The longest record read (in UTF-16 units, about bytes): a dataset row is a few kilobytes. */
const MAX_RECORD = 16 << 20;

type Parsed =
  | { ok: true; fields: string[]; end: number; lines: number }
  | { ok: false; reason: string; end: number; lines: number }
  | null;

/**
 * The parser over text: `push` appends decoded text and returns every record complete in it;
 * a record cut by the chunk's end waits for the next push (or, at the end, is read as is).
 */
export class CsvTextReader {
  /** Bytes of the file consumed by the records returned so far. */
  bytes = 0;
  private text = '';
  private pos = 0;
  private line = 1;
  private width = -1;
  private started = false;
  /** Index in `text` of the next quote at or after `pos` (-1: none), or -2 when unknown. */
  private nextQuote = -2;
  /** Index in `text` of the next non-ASCII character found (-1: none), or -2 when unknown. */
  private nextWide = -2;

  constructor(private readonly delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`the CSV delimiter must be one character other than a quote or a line end`);
    }
  }

  push(chunk: string, final: boolean): CsvItem[] {
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.nextQuote = -2;
    this.nextWide = -2;
    if (!this.started && this.text.length > 0) {
      this.started = true;
      if (this.text.charCodeAt(0) === 0xfeff) {
        this.pos = 1;
        this.bytes = 3;
      }
    }
    const out: CsvItem[] = [];
    const s = this.text;
    for (;;) {
      // Empty lines are skipped (their bytes and lines still count).
      while (this.pos < s.length) {
        const c = s.charCodeAt(this.pos);
        if (c === LF) {
          this.line++;
          this.bytes++;
          this.pos++;
        } else if (c === CR && (this.pos + 1 < s.length ? s.charCodeAt(this.pos + 1) === LF : final)) {
          this.bytes++;
          this.pos++;
        } else break;
      }
      if (this.pos >= s.length) break;
      const start = this.pos;
      const parsed = this.record(s, start, final);
      if (parsed === null) {
        if (s.length - start <= MAX_RECORD) break;
        // A stray quote would otherwise hold the rest of the file in memory as one field.
        const nl = s.indexOf('\n', start);
        const end = nl === -1 ? s.length : nl + 1;
        out.push({
          kind: 'bad',
          line: this.line,
          reason: `broken quoting: a quoted field that opens on line ${this.line} runs on for more than ${MAX_RECORD >> 20} MB (is its closing quote missing?)`,
        });
        this.bytes += this.byteLength(s, start, end);
        this.line++;
        this.pos = end;
        continue;
      }
      const byteStart = this.bytes;
      const byteEnd = byteStart + this.byteLength(s, start, parsed.end);
      const line = this.line;
      this.bytes = byteEnd;
      this.line += parsed.lines;
      this.pos = parsed.end;
      if (!parsed.ok) {
        out.push({ kind: 'bad', line, reason: parsed.reason });
        continue;
      }
      if (this.width < 0) {
        this.width = parsed.fields.length;
        out.push({ kind: 'header', fields: parsed.fields });
      } else if (parsed.fields.length !== this.width) {
        out.push({
          kind: 'bad',
          line,
          reason: `${parsed.fields.length} fields where the header has ${this.width} (a wrong delimiter or broken quoting?)`,
        });
      } else {
        const textEnd = parsed.end - (s.charCodeAt(parsed.end - 1) === LF ? 1 : 0);
        const text = s.slice(
          start,
          textEnd > start && s.charCodeAt(textEnd - 1) === CR ? textEnd - 1 : textEnd,
        );
        out.push({ kind: 'row', line, byteStart, byteEnd, fields: parsed.fields, text });
      }
    }
    return out;
  }

  /** One record from `start`, or null when it runs past the text and more may come. */
  private record(s: string, start: number, final: boolean): Parsed {
    const nl = s.indexOf('\n', start);
    if (nl === -1 && !final) return null;
    const lineEnd = nl === -1 ? s.length : nl;
    const end = nl === -1 ? s.length : nl + 1;
    // Most dataset rows have no quote at all: one native split. The next quote's position is
    // kept, so a file with few quotes is not scanned ahead again for every row.
    if (this.nextQuote !== -1 && this.nextQuote < start) this.nextQuote = s.indexOf('"', start);
    if (this.nextQuote === -1 || this.nextQuote >= lineEnd) {
      const contentEnd = lineEnd > start && s.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      return { ok: true, fields: s.slice(start, contentEnd).split(this.delimiter), end, lines: 1 };
    }
    return this.quoted(s, start, final);
  }

  /** The general case: a state machine over a record with quoted fields (which may hold line ends). */
  private quoted(s: string, start: number, final: boolean): Parsed {
    const d = this.delimiter.charCodeAt(0);
    const fields: string[] = [];
    let i = start;
    let lines = 0;
    for (;;) {
      // At the start of a field.
      if (i < s.length && s.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = s.indexOf('"', from);
          if (q === -1) {
            if (!final) return null;
            return {
              ok: false,
              reason: `broken quoting: a quoted field that opens on line ${this.line} is never closed`,
              end: s.length,
              lines: lines + countLines(s, from, s.length),
            };
          }
          lines += countLines(s, from, q);
          if (q + 1 < s.length && s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          if (q + 1 >= s.length && !final) return null;
          value += s.slice(from, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = i < s.length ? s.charCodeAt(i) : -1;
        if (c === d) {
          i++;
          continue;
        }
        const atEnd = this.lineEndAt(s, i, final);
        if (atEnd === null) return null;
        if (atEnd >= 0) return { ok: true, fields, end: atEnd, lines: lines + 1 };
        return this.skipLine(
          s,
          i,
          lines,
          final,
          `broken quoting: a closing quote is followed by more text instead of "${printable(this.delimiter)}" or the end of the line`,
        );
      }
      // An unquoted field: up to the next delimiter or line end; a quote inside it is an error.
      let j = i;
      for (; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (c === d || c === LF || c === QUOTE) break;
      }
      if (j >= s.length && !final) return null;
      const c = j < s.length ? s.charCodeAt(j) : -1;
      if (c === QUOTE) {
        return this.skipLine(
          s,
          j,
          lines,
          final,
          'broken quoting: a quote inside an unquoted field (quote the whole field and double inner quotes)',
        );
      }
      if (c === d) {
        fields.push(s.slice(i, j));
        i = j + 1;
        continue;
      }
      // A line end (or the end of the text).
      fields.push(s.slice(i, j > i && s.charCodeAt(j - 1) === CR ? j - 1 : j));
      return { ok: true, fields, end: j < s.length ? j + 1 : j, lines: lines + 1 };
    }
  }

  /** UTF-8 length of s[from, to): its UTF-16 length while no non-ASCII character is in it. */
  private byteLength(s: string, from: number, to: number): number {
    if (this.nextWide === -2 || (this.nextWide >= 0 && this.nextWide < from)) {
      WIDE.lastIndex = from;
      this.nextWide = WIDE.exec(s)?.index ?? -1;
    }
    return this.nextWide === -1 || this.nextWide >= to ? to - from : byteLength(s, from, to);
  }

  /** After a closing quote: the index past the line end there, -1 if text follows, null if unknown yet. */
  private lineEndAt(s: string, i: number, final: boolean): number | null {
    if (i >= s.length) return final ? s.length : null;
    const c = s.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) {
      if (i + 1 >= s.length) return final ? s.length : null;
      if (s.charCodeAt(i + 1) === LF) return i + 2;
    }
    return -1;
  }

  /** A bad record: reading goes on at the next line. */
  private skipLine(s: string, i: number, lines: number, final: boolean, reason: string): Parsed {
    const nl = s.indexOf('\n', i);
    if (nl === -1 && !final) return null;
    return { ok: false, reason, end: nl === -1 ? s.length : nl + 1, lines: lines + 1 };
  }
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const WIDE = /[^\x00-\x7f]/g;

/** UTF-8 length of s[from, to) without building the substring's bytes. */
function byteLength(s: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair: 4 bytes for 2 UTF-16 units.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? '\\t' : delimiter;
}
