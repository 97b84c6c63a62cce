/**
 * A streaming CSV reader for imports. It reads the cells csv-parse reads with
 * `{ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }`
 * (test/csv-reader.test.ts compares the two on generated files) at about ten times its speed:
 * at a million rows, csv-parse alone took longer than writing the rows.
 *
 * Fields are separated by commas; records end at CRLF, LF or CR; a field that starts with a quote
 * runs to the matching quote ("" inside is one quote) and may hold separators and line breaks; a
 * quote anywhere else is an ordinary character. Empty lines are skipped. Each record comes with
 * its row as a spreadsheet shows it (1-based; empty lines count, a cell's own line breaks do not).
 * A record longer than importLimits.maxRowChars, with more than maxColumns cells or a cell longer
 * than maxCellChars fails with an UnreadableFile naming the limit and the row.
 */

import { importLimits, limitErrors, UnreadableFile } from './limits.js';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A CSV file that cannot be read (an unclosed quote, text right after a closing quote). */
export class CsvError extends UnreadableFile {
  constructor(detail: string) {
    super(`The file is not valid CSV: ${detail}`, detail);
  }
}

const { maxColumns, maxCellChars, maxRowChars } = importLimits;

/** Adds a cell to a record, within the limits on a cell's length and a row's columns. */
function push(cells: string[], value: string, line: number): void {
  if (value.length > maxCellChars) throw limitErrors.cellTooLong(line);
  if (cells.length === maxColumns) throw limitErrors.tooManyColumns(line);
  cells.push(value);
}

export interface CsvRecord {
  cells: string[];
  /** The record's row as a spreadsheet shows it. */
  line: number;
}

/** Where a parse stopped: a record and where the next starts (`ended`: at a line break), or "need more text". */
type Step = { cells: string[]; next: number; ended: boolean } | undefined;

/**
 * Parses the record starting at `pos` (not at an empty line). Answers undefined when the text ends
 * before the record does and more may come (`final` false). `line` is for error messages.
 */
function parseRecord(text: string, pos: number, final: boolean, line: number): Step {
  const len = text.length;
  const cells: string[] = [];
  let p = pos;
  for (;;) {
    if (p < len && text.charCodeAt(p) === QUOTE) {
      let value = '';
      let i = p + 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          if (final) throw new CsvError(`row ${line}: a quoted field is never closed`);
          return undefined;
        }
        if (q + 1 >= len && !final) return undefined;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(i, q + 1);
          i = q + 2;
          continue;
        }
        value += text.slice(i, q);
        p = q + 1;
        break;
      }
      push(cells, value, line);
      if (p >= len) return { cells, next: p, ended: false };
      const c = text.charCodeAt(p);
      if (c === COMMA) {
        p++;
        continue;
      }
      if (c === LF) return { cells, next: p + 1, ended: true };
      if (c === CR) {
        if (p + 1 >= len && !final) return undefined;
        return { cells, next: text.charCodeAt(p + 1) === LF ? p + 2 : p + 1, ended: true };
      }
      throw new CsvError(`row ${line}: text after the closing quote of a field`);
    }
    let i = p;
    let c = 0;
    while (i < len) {
      c = text.charCodeAt(i);
      if (c === COMMA || c === LF || c === CR) break;
      i++;
    }
    if (i >= len) {
      if (!final) return undefined;
      push(cells, text.slice(p, i), line);
      return { cells, next: i, ended: false };
    }
    push(cells, text.slice(p, i), line);
    if (c === COMMA) {
      p = i + 1;
      continue;
    }
    if (c === LF) return { cells, next: i + 1, ended: true };
    if (i + 1 >= len && !final) return undefined;
    return { cells, next: text.charCodeAt(i + 1) === LF ? i + 2 : i + 1, ended: true };
  }
}

/** Says that a quote may be missing when the overlong row holds one. */
const unclosedHint = (text: string, pos: number) => {
  const q = text.indexOf('"', pos);
  return q >= 0 && q - pos <= maxRowChars ? ' (a quoted field may be missing its closing quote)' : '';
};

/** Records handed on together at most: a batch's objects die young, before the next is read. */
const recordsPerBatch = 1000;

/**
 * Records of a CSV text that arrives in pieces (a file read stream with `encoding: 'utf8'`), those
 * each piece completes a batch (≤ 1,000) at a time (an import goes through millions of records:
 * one step per batch, not per record); only the unfinished tail of the text is kept between pieces.
 */
export async function* csvRecordBatches(pieces: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let text = '';
  let pos = 0;
  let line = 1;
  let first = true;
  /** Up to recordsPerBatch records from `pos`; fewer when the text runs out. */
  const drain = (final: boolean): CsvRecord[] => {
    const out: CsvRecord[] = [];
    const len = text.length;
    while (pos < len && out.length < recordsPerBatch) {
      const c = text.charCodeAt(pos);
      // An empty line: skipped, but counted.
      if (c === LF || c === CR) {
        if (c === CR && pos + 1 >= len && !final) break;
        pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        continue;
      }
      const step = parseRecord(text, pos, final, line);
      // However long a record's text, no more than a row's limit of it is ever kept: the rest of
      // a 200 MB line or of a quote never closed is not read.
      if (!step) {
        if (len - pos > maxRowChars) throw limitErrors.rowTooLong(line, unclosedHint(text, pos));
        break;
      }
      if (step.next - pos > maxRowChars) throw limitErrors.rowTooLong(line, unclosedHint(text, pos));
      out.push({ cells: step.cells, line });
      if (step.ended) line++;
      pos = step.next;
    }
    return out;
  };
  const batches = function* (final: boolean) {
    for (let records = drain(final); records.length; records = drain(final)) yield records;
  };
  for await (const piece of pieces) {
    if (!piece) continue;
    text = text.slice(pos) + (first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece);
    pos = 0;
    first = false;
    yield* batches(false);
  }
  yield* batches(true);
}
