import fs from 'node:fs';
import { createRequire } from 'node:module';
import { csvRecordBatches } from './csv-reader.js';

// exceljs is large: load it on the first spreadsheet, not at start-up (a smaller idle server).
const excel = () => createRequire(import.meta.url)('exceljs') as typeof import('exceljs');

export type ImportFormat = 'csv' | 'xlsx';

/** A cell as read: text from CSV; text, number, boolean or Date from XLSX; null when empty. */
export type Cell = string | number | boolean | Date | null;

/** One line of the sheet; `row` is its 1-based number as a spreadsheet shows it (the header is 1). */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

/** Guesses the format from the file name or the first bytes (XLSX is a zip: "PK"). */
export function detectFormat(fileName: string, head: Buffer): ImportFormat {
  if (/\.xlsx$/i.test(fileName) || (head[0] === 0x50 && head[1] === 0x4b)) return 'xlsx';
  return 'csv';
}

/** exceljs cell values (rich text, formulas, hyperlinks, errors) → a plain cell. */
function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: unknown };
  if (o.richText) return o.richText.map((t) => t.text).join('');
  if ('result' in o) return plainCell(o.result);
  if (o.text !== undefined) return plainCell(o.text);
  return null;
}

/** `'=…`, `'+…`, `'-…`, `'@…`, a quote before a tab or CR: how spreadsheets and our exports mark formula-like text. */
const formulaQuoted = /^'[=+\-@\t\r]/;

async function* csvRows(file: string): AsyncGenerator<SheetRow[]> {
  const source = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const records of csvRecordBatches(source as AsyncIterable<string>)) {
      const rows: SheetRow[] = new Array(records.length);
      for (let r = 0; r < records.length; r++) {
        const cells: Cell[] = records[r].cells;
        for (let i = 0; i < cells.length; i++) {
          const c = cells[i] as string;
          if (c === '') cells[i] = null;
          // The quote an export put before formula-like text (server/exports csvCell) comes off again.
          else if (c.charCodeAt(0) === 39 && formulaQuoted.test(c)) cells[i] = c.slice(1);
        }
        rows[r] = { row: records[r].line, cells };
      }
      yield rows;
    }
  } finally {
    source.destroy();
  }
}

async function* xlsxRows(file: string): AsyncGenerator<SheetRow[]> {
  const source = fs.createReadStream(file);
  const reader = new (excel().stream.xlsx).WorkbookReader(source, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' } as never);
  try {
    for await (const sheet of reader) {
      let rows: SheetRow[] = [];
      for await (const r of sheet) {
        const values = (r.values as unknown[]) ?? [];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        if (cells.some((c) => c !== null && c !== '')) rows.push({ row: r.number, cells });
        if (rows.length === 1000) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length) yield rows;
      // Only the first sheet is imported; the rest of the file is not read.
      break;
    }
  } finally {
    source.destroy();
  }
}

/**
 * The rows of an uploaded file, streamed, a batch at a time (each read of the file, at most 1,000
 * rows of a spreadsheet): csv-reader.ts for CSV (UTF-8, with or without BOM) and exceljs's
 * streaming reader for XLSX (first sheet). Nothing holds the whole file. A CSV that cannot be
 * read throws CsvError.
 */
export function readRowBatches(file: string, format: ImportFormat): AsyncGenerator<SheetRow[]> {
  return format === 'xlsx' ? xlsxRows(file) : csvRows(file);
}

/** The rows of an uploaded file, one at a time (see readRowBatches). */
export async function* readRows(file: string, format: ImportFormat): AsyncGenerator<SheetRow> {
  for await (const rows of readRowBatches(file, format)) yield* rows;
}

/** Counts data rows (all rows but the header) in one streaming pass, for progress. */
export async function countRows(file: string, format: ImportFormat): Promise<number> {
  let n = 0;
  for await (const rows of readRowBatches(file, format)) n += rows.length;
  return Math.max(0, n - 1);
}
