import fs from 'node:fs';
import { csvRecordBatches } from './csv-reader.js';
import { importLimits, limitErrors } from './limits.js';
import { xlsxRowBatches } from './xlsx-reader.js';

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

/** Passes the rows on while the file stays within importLimits' row and cell counts. */
async function* bounded(batches: AsyncGenerator<SheetRow[]>): AsyncGenerator<SheetRow[]> {
  let rows = 0;
  let cells = 0;
  for await (const batch of batches) {
    rows += batch.length;
    // The header row is not a data row.
    if (rows > importLimits.maxRows + 1) throw limitErrors.tooManyRows();
    for (const r of batch) cells += r.cells.length;
    if (cells > importLimits.maxCells) throw limitErrors.tooManyCells();
    yield batch;
  }
}

/**
 * The rows of an uploaded file, streamed, a batch at a time (each read of the file, at most 1,000
 * rows of a spreadsheet): csv-reader.ts for CSV (UTF-8, with or without BOM) and xlsx-reader.ts
 * for XLSX (first sheet). Nothing holds the whole file, and nothing in it is read beyond
 * importLimits: a file that cannot be read or breaks a limit throws UnreadableFile (limits.ts).
 */
export function readRowBatches(file: string, format: ImportFormat): AsyncGenerator<SheetRow[]> {
  return bounded(format === 'xlsx' ? xlsxRowBatches(file) : csvRows(file));
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
