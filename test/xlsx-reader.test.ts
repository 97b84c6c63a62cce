import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readRows } from '../server/imports/read-rows.js';
import { type XmlHandler, XmlScanner } from '../server/imports/xml-scanner.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A cell as the import used to take it from exceljs's streaming reader (its plainCell). */
function plain(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown };
  if (o.richText) return o.richText.map((t) => t.text).join('') || null;
  if ('result' in o) return plain(o.result);
  if (o.text !== undefined) return plain(o.text);
  return null;
}

/**
 * The first sheet's non-empty rows as exceljs reads them. Its whole-file reader, not its streaming
 * one: the streaming reader loses shared strings and date styles whenever the writer happened to
 * put those parts after the sheet in the zip (the order varies from run to run).
 */
async function reference(file: string) {
  const out: Array<{ row: number; cells: unknown[] }> = [];
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.worksheets[0].eachRow({ includeEmpty: false }, (r) => {
    const cells = Array.from((r.values as unknown[]) ?? [])
      .slice(1)
      .map(plain);
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    if (cells.length) out.push({ row: r.number, cells });
  });
  return out;
}

async function ours(file: string) {
  const out: Array<{ row: number; cells: unknown[] }> = [];
  for await (const r of readRows(file, 'xlsx')) {
    const cells = [...r.cells];
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    out.push({ row: r.row, cells });
  }
  return out;
}

const text = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a & b', '<tag>', '"q" \'s\'', '客户 😀', ' lead', 'x\r\ny', ']]>'),
);
const value = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
    .map((d) => new Date(Math.round(d.getTime() / 1000) * 1000)),
  fc.tuple(text, text).map(([a, b]) => ({ richText: [{ text: a, font: { bold: true } }, { text: b }] })),
  // exceljs's reader drops a formula's result of 0 (ours reads it): results from 1 compare alike.
  fc.integer({ min: 1, max: 1000 }).map((n) => ({ formula: 'A1+1', result: n })),
);

describe('the import XLSX reader', () => {
  it('reads generated workbooks as exceljs did: strings, rich text, numbers, booleans, dates, formula results, gaps', async () => {
    const book = fc.record({
      rows: fc.array(fc.array(value, { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
      sharedStrings: fc.boolean(),
      gap: fc.nat({ max: 3 }),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(book, async ({ rows, sharedStrings, gap }) => {
        const file = path.join(dir, `book${n++}.xlsx`);
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
          filename: file,
          useSharedStrings: sharedStrings,
          useStyles: true,
        });
        const ws = wb.addWorksheet('客户');
        // exceljs's reader keeps only the last run of a rich text written inline (not shared), where
        // Excel shows them all, as ours does (see below): such cells are compared as shared only.
        const inlineSafe = (c: unknown) =>
          !sharedStrings && c && typeof c === 'object' && 'richText' in c ? plain(c) : c;
        rows.forEach((cells, i) => {
          const row = ws.getRow(i * (gap + 1) + 1);
          cells.forEach((c, j) => (row.getCell(j + 1).value = inlineSafe(c) as ExcelJS.CellValue));
          row.commit();
        });
        wb.addWorksheet('other').addRow(['not read']).commit();
        await wb.commit();
        expect(await ours(file)).toEqual(await reference(file));
      }),
      { numRuns: 40 },
    );
  });

  it('reads every run of a rich text written inline, as Excel shows it', async () => {
    const file = path.join(dir, 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('A');
    ws.addRow([{ richText: [{ text: '上海', font: { bold: true } }, { text: ' & 北京' }] }]).commit();
    await wb.commit();
    expect(await ours(file)).toEqual([{ row: 1, cells: ['上海 & 北京'] }]);
  });

  it('tokenizes XML the same however the stream cuts it', () => {
    const xml =
      '<?xml version="1.0"?><!-- c --><x:sheetData><x:row r="1"><c r="A1" t="inlineStr" s=\'2\'><is><t xml:space="preserve">a &amp; &#x4E2D;&#25991; <![CDATA[<b>&]]></t></is></c><c r="B1"/></x:row></x:sheetData>';
    const events = (pieces: string[]) => {
      const got: string[] = [];
      let texts = '';
      const flush = () => (texts ? (got.push(`text:${texts}`), (texts = '')) : undefined);
      const h: XmlHandler = {
        open: (name, attrs) => (flush(), got.push(`open:${name}:${JSON.stringify(attrs)}`)),
        close: (name) => (flush(), got.push(`close:${name}`)),
        text: (raw) => (texts += raw),
      };
      const scanner = new XmlScanner(h, 'sheet.xml');
      for (const p of pieces) scanner.write(p);
      scanner.end();
      return got;
    };
    const whole = events([xml]);
    expect(whole).toContain('open:c:{"r":"A1","t":"inlineStr","s":"2"}');
    expect(whole).toContain('text:a &amp; &#x4E2D;&#25991; <b>&amp;');
    fc.assert(
      fc.property(fc.array(fc.nat({ max: xml.length }), { maxLength: 8 }), (points) => {
        const at = [...new Set(points)].sort((a, b) => a - b);
        const pieces = at.map((p, i) => xml.slice(i ? at[i - 1] : 0, p)).concat(xml.slice(at.at(-1) ?? 0));
        expect(events(pieces)).toEqual(whole);
      }),
    );
  });

  it('refuses a DOCTYPE, where XML bombs declare their entities', () => {
    const scanner = new XmlScanner({ open() {}, close() {}, text() {} }, 'xl/sharedStrings.xml');
    expect(() => scanner.write('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst/>')).toThrow(
      /declares a DOCTYPE/,
    );
  });
});
