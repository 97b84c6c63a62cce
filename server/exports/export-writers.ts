import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { createRequire } from 'node:module';

// exceljs is large: load it on the first spreadsheet, not at start-up (a smaller idle server).
const excel = () => createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
import type { CellValue } from './cell-text.js';

/** Rows arrive a page at a time; a writer never holds more than one page. */
export type Pages = AsyncIterator<CellValue[][]>;

const encoder = new TextEncoder();

/**
 * A cell as CSV text a spreadsheet will not run (OWASP "CSV injection"): text that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel or LibreOffice show
 * it instead of evaluating it. Numbers stay numbers (-5 is a number, not a formula).
 */
export function csvCell(v: CellValue): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** A cell for a spreadsheet: a number, or a string (exceljs writes strings as text, never formulas). */
const xlsxCell = (v: CellValue): string | number | null =>
  v === null || typeof v === 'number' ? v : String(v);

/** UTF-8 CSV with a BOM (so Excel shows Chinese), CRLF line ends; pulled page by page. */
export function csvStream(headers: string[], pages: Pages): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode('\uFEFF' + stringify([headers.map(csvCell)], { record_delimiter: '\r\n' })),
        );
        return;
      }
      const next = await pages.next();
      if (next.done) return controller.close();
      if (next.value.length)
        controller.enqueue(
          encoder.encode(
            stringify(
              next.value.map((row) => row.map(csvCell)),
              { record_delimiter: '\r\n' },
            ),
          ),
        );
    },
    async cancel() {
      await pages.return?.();
    },
  });
}

/** XLSX written by exceljs's streaming writer; waits for the reader between pages. */
export function xlsxStream(headers: string[], pages: Pages, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const book = new (excel().stream.xlsx.WorkbookWriter)({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1');
  void (async () => {
    try {
      const head = sheet.addRow(headers.map(xlsxCell));
      head.font = { bold: true };
      head.commit();
      for (;;) {
        const next = await pages.next();
        if (next.done) break;
        for (const row of next.value) sheet.addRow(row.map(xlsxCell)).commit();
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        // The client went away: stop reading records.
        if (out.destroyed) return void (await pages.return?.());
      }
      sheet.commit();
      await book.commit();
    } catch (e) {
      out.destroy(e as Error);
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
