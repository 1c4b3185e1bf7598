import type { Readable } from 'node:stream';
import { type CsvError, type InfoRecord, type Options, parse } from 'csv-parse';

/**
 * What reading a CSV yields, in file order: first its header, then each record as a row (its
 * fields, the line it starts on, its byte range in the file) or, when it cannot be read, a bad
 * row with its line and the reason.
 */
export type CsvItem =
  | { kind: 'header'; fields: string[] }
  | { kind: 'row'; line: number; byteStart: number; byteEnd: number; fields: string[] }
  | { kind: 'bad'; line: number; reason: string };

export interface CsvReadOptions {
  delimiter?: string;
  /** Called now and then with the bytes read so far (for a progress bar). */
  onBytes?: (bytes: number) => void;
}

interface Located {
  line: number;
  byteStart: number;
  byteEnd: number;
  fields: string[];
}

/**
 * Streams a CSV file record by record (RFC 4180 quoting, fields with newlines, a UTF-8 BOM),
 * holding one parser buffer at a time, never the file. A record that breaks the quoting or
 * has more or fewer fields than the header is reported as bad and reading goes on.
 */
export async function* readCsv(input: Readable, options: CsvReadOptions = {}): AsyncGenerator<CsvItem> {
  const delimiter = options.delimiter ?? ',';
  // The parser calls on_record and on_skip synchronously, in file order; the line a record
  // starts on is one past the line the previous record (good or bad) ended on.
  let endLine = 0;
  let endEmpty = 0;
  let endByte = 0;
  let lastReported = 0;
  const bad: { line: number; reason: string }[] = [];
  const parserOptions: Options<Located, string[]> = {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (fields: string[], info: InfoRecord): Located => {
      const line = endLine + 1 + (info.empty_lines - endEmpty);
      const located = { line, byteStart: endByte, byteEnd: info.bytes, fields };
      endLine = info.lines;
      endEmpty = info.empty_lines;
      endByte = info.bytes;
      if (options.onBytes && info.bytes - lastReported > 1 << 20) {
        lastReported = info.bytes;
        options.onBytes(info.bytes);
      }
      return located;
    },
    on_skip: (error: CsvError | undefined) => {
      if (!error) return undefined;
      const line = endLine + 1;
      bad.push({ line, reason: describeCsvError(error, line, delimiter) });
      endLine = Math.max(endLine, Number(error.lines ?? endLine + 1));
      endByte = Math.max(endByte, Number(error.bytes ?? endByte));
      return undefined;
    },
  };
  // csv-parse types on_record's result as the record type unless `columns` is set; ours is Located.
  const parser = input.pipe(parse(parserOptions as unknown as Options));
  let header = true;
  try {
    for await (const record of parser as AsyncIterable<Located>) {
      while (bad.length) yield { kind: 'bad', ...bad.shift()! };
      if (header) {
        header = false;
        yield { kind: 'header', fields: record.fields };
        continue;
      }
      yield { kind: 'row', ...record };
    }
    while (bad.length) yield { kind: 'bad', ...bad.shift()! };
    options.onBytes?.(endByte);
  } finally {
    // A reader that stops early (a rejected header) must not leave the file open.
    input.destroy();
  }
}

/** csv-parse's errors, said in the user's terms. */
function describeCsvError(error: CsvError, line: number, delimiter: string): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `broken quoting: a quoted field that opens on line ${line} is never closed`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `broken quoting: a closing quote is followed by more text instead of "${printable(delimiter)}" or the end of the line`;
    case 'INVALID_OPENING_QUOTE':
      return 'broken quoting: a quote inside an unquoted field (quote the whole field and double inner quotes)';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const counts = /expect (\d+), got (\d+)/.exec(error.message);
      const what = counts
        ? `${counts[2]} fields where the header has ${counts[1]}`
        : 'a different number of fields than the header';
      return `${what} (a wrong delimiter or broken quoting?)`;
    }
    default:
      return error.message;
  }
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? '\\t' : delimiter;
}
