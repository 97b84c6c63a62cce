import { importLimits, limitErrors, UnreadableFile } from './limits.js';
import type { Cell, SheetRow } from './read-rows.js';
import { decodeXml, type XmlHandler, XmlScanner } from './xml-scanner.js';
import { entryBytes, type InflateBudget, type ZipEntry, zipEntries } from './zip.js';

const { maxColumns, maxCellChars, maxRowChars } = importLimits;
const { maxPartBytes, maxSharedStrings, maxSharedStringChars } = importLimits.xlsx;
/** Raw XML text kept for one value at most: its characters once decoded are checked exactly. */
const maxRawChars = maxCellChars * 10;

/** Feeds a part of the workbook through an XmlScanner, a decompressed piece at a time. */
async function* scan(
  file: string,
  entry: ZipEntry,
  maxBytes: number,
  budget: InflateBudget,
  handler: XmlHandler,
  tooLarge: () => Error,
): AsyncGenerator<void> {
  const scanner = new XmlScanner(handler, entry.name);
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of entryBytes(file, entry, maxBytes, budget, tooLarge)) {
    scanner.write(decoder.decode(bytes, { stream: true }));
    yield;
  }
  scanner.write(decoder.decode());
  scanner.end();
}

async function scanAll(
  file: string,
  entry: ZipEntry | undefined,
  budget: InflateBudget,
  handler: XmlHandler,
  maxBytes = maxPartBytes,
): Promise<void> {
  if (!entry) return;
  const tooLarge = () =>
    new UnreadableFile(
      `The workbook's part "${entry.name}" is larger than ${maxPartBytes / 1048576} MB (the import limit)`,
    );
  for await (const _ of scan(file, entry, maxBytes, budget, handler, tooLarge));
}

/** The first sheet's relation id and whether dates count from 1904 (xl/workbook.xml). */
async function workbookOf(file: string, entry: ZipEntry | undefined, budget: InflateBudget) {
  const book = { sheetRel: undefined as string | undefined, date1904: false };
  await scanAll(file, entry, budget, {
    open(name, attrs) {
      if (name === 'workbookPr') book.date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
      // The relation id is `r:id`, whatever the namespace's prefix.
      if (name === 'sheet' && book.sheetRel === undefined)
        book.sheetRel = Object.entries(attrs).find(([k]) => /:id$/.test(k))?.[1];
    },
    close() {},
    text() {},
  });
  return book;
}

/** Relation id → part name (xl/_rels/workbook.xml.rels). */
async function relationsOf(file: string, entry: ZipEntry | undefined, budget: InflateBudget) {
  const targets = new Map<string, string>();
  await scanAll(file, entry, budget, {
    open(name, attrs) {
      if (name !== 'Relationship' || !attrs.Id || !attrs.Target) return;
      targets.set(attrs.Id, attrs.Target.startsWith('/') ? attrs.Target.slice(1) : `xl/${attrs.Target}`);
    },
    close() {},
    text() {},
  });
  return targets;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
// Excel's built-in number formats that show dates or times (27–36 and 50–58: East Asian dates).
const builtInDates = new Set([
  14,
  15,
  16,
  17,
  18,
  19,
  20,
  21,
  22,
  45,
  46,
  47,
  ...range(27, 36),
  ...range(50, 58),
]);
/** A format code that shows a date or time (as exceljs judges it: y, m, d, h, s outside quotes and brackets). */
const isDateFormat = (code: string) =>
  /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** Per cell style (xf index): whether a number in it is a date (xl/styles.xml). */
async function dateStylesOf(
  file: string,
  entry: ZipEntry | undefined,
  budget: InflateBudget,
): Promise<boolean[]> {
  const formats = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await scanAll(file, entry, budget, {
    open(name, attrs) {
      if (name === 'numFmt') formats.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(Number(attrs.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return xfs.map((id) => (formats.has(id) ? isDateFormat(formats.get(id)!) : builtInDates.has(id)));
}

/**
 * The shared string table (xl/sharedStrings.xml), which the sheet's cells point into and which
 * must therefore be held while the sheet is read: at most maxSharedStrings entries and
 * maxSharedStringChars characters, each at most a cell's length. Phonetic runs are left out.
 */
async function sharedStringsOf(
  file: string,
  entry: ZipEntry | undefined,
  budget: InflateBudget,
): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  let raw: string | undefined;
  let inText = false;
  let phonetic = false;
  const tooMany = () =>
    new UnreadableFile(
      `The workbook's shared string table has more than ${maxSharedStrings.toLocaleString('en')} entries` +
        ` or ${(maxSharedStringChars / 1048576).toFixed(0)} M characters (the import limit)`,
    );
  const tooLong = () =>
    new UnreadableFile(
      `The workbook's shared string ${strings.length} is longer than the ${maxCellChars.toLocaleString('en')}-character limit on a cell`,
    );
  await scanAll(
    file,
    entry,
    budget,
    {
      open(name) {
        if (name === 'si') raw = '';
        else if (name === 'rPh') phonetic = true;
        else if (name === 't' && raw !== undefined && !phonetic) inText = true;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic = false;
        else if (name === 'si' && raw !== undefined) {
          const text = decodeXml(raw);
          raw = undefined;
          if (text.length > maxCellChars) throw tooLong();
          chars += text.length;
          if (strings.length === maxSharedStrings || chars > maxSharedStringChars) throw tooMany();
          strings.push(text);
        }
      },
      text(piece) {
        if (!inText || raw === undefined) return;
        raw += piece;
        if (raw.length > maxRawChars) throw tooLong();
      },
      // Bounded by its entries and characters (and the workbook's total), not by a part's size.
    },
    Number.MAX_SAFE_INTEGER,
  );
  return strings;
}

/** "BC12" → 55 (1-based); 0 when the reference has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (col > maxColumns) return col;
  }
  return col;
}

interface SheetContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** The value of a finished `<c>`, as exceljs's reader gave it (dates by their cell style). */
function cellValue(ctx: SheetContext, type: string, style: number, raw: string | undefined): Cell {
  if (raw === undefined) return null;
  const text = decodeXml(raw);
  switch (type) {
    case 's':
      return ctx.strings[Number(text)] || null;
    case 'str':
    case 'inlineStr':
      return text || null;
    case 'b':
      return text !== '0' && text !== 'false';
    case 'e':
      return null;
    case 'd': {
      const d = new Date(text);
      return Number.isNaN(d.getTime()) ? text : d;
    }
    default: {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) return null;
      if (ctx.dateStyles[style])
        return new Date(Math.round((n - 25569 + (ctx.date1904 ? 1462 : 0)) * 86400000));
      return n;
    }
  }
}

/** Rows of a worksheet part, a batch at a time, each row bounded in columns, cell length and length. */
async function* sheetRows(
  file: string,
  entry: ZipEntry,
  ctx: SheetContext,
  budget: InflateBudget,
): AsyncGenerator<SheetRow[]> {
  let out: SheetRow[] = [];
  let inData = false;
  let done = false;
  let rowNumber = 0;
  let row: { cells: Cell[]; chars: number; lastCol: number } | undefined;
  let cell: { col: number; type: string; style: number; raw?: string; inline: boolean } | undefined;
  let collecting = false;
  const handler: XmlHandler = {
    open(name, attrs) {
      if (name === 'sheetData') inData = true;
      else if (!inData) return;
      else if (name === 'row') {
        rowNumber = attrs.r ? Number(attrs.r) : rowNumber + 1;
        if (!Number.isInteger(rowNumber) || rowNumber < 1)
          throw new UnreadableFile(
            `The file is not a readable XLSX workbook: a row is numbered "${attrs.r}"`,
          );
        row = { cells: [], chars: 0, lastCol: 0 };
      } else if (name === 'c' && row) {
        const col = attrs.r ? columnOf(attrs.r) || row.lastCol + 1 : row.lastCol + 1;
        if (col > maxColumns) throw limitErrors.tooManyColumns(rowNumber);
        row.lastCol = col;
        cell = { col, type: attrs.t ?? 'n', style: Number(attrs.s ?? 0), inline: false };
      } else if (cell) {
        if (name === 'is') cell.inline = true;
        else if (name === 'v' || (name === 't' && cell.inline)) {
          collecting = true;
          cell.raw ??= '';
        }
      }
    },
    close(name) {
      if (name === 'v' || name === 't') collecting = false;
      else if (name === 'c' && row && cell) {
        const value = cellValue(ctx, cell.inline ? 'inlineStr' : cell.type, cell.style, cell.raw);
        if (typeof value === 'string') {
          if (value.length > maxCellChars) throw limitErrors.cellTooLong(rowNumber);
          row.chars += value.length;
          if (row.chars > maxRowChars) throw limitErrors.rowTooLong(rowNumber);
        }
        while (row.cells.length < cell.col - 1) row.cells.push(null);
        row.cells[cell.col - 1] = value;
        cell = undefined;
      } else if (name === 'row' && row) {
        if (row.cells.some((c) => c !== null)) out.push({ row: rowNumber, cells: row.cells });
        row = undefined;
      } else if (name === 'sheetData') done = true;
    },
    text(piece) {
      if (!collecting || !cell) return;
      cell.raw += piece;
      if (cell.raw!.length > maxRawChars) throw limitErrors.cellTooLong(rowNumber);
    },
  };
  const tooLarge = () => new UnreadableFile('The sheet is too large');
  for await (const _ of scan(file, entry, Number.MAX_SAFE_INTEGER, budget, handler, tooLarge)) {
    if (out.length >= 1000 || (done && out.length)) {
      yield out;
      out = [];
    }
    // What follows the cells (merged ranges, print settings) is not needed.
    if (done) return;
  }
  if (out.length) yield out;
}

/**
 * The rows of an XLSX file's first sheet, streamed a batch (≤ 1,000 rows) at a time. The zip is
 * read from its directory, each part decompressed as a counted stream (zip.ts: declared sizes,
 * ratio and total bounded), the shared strings held within their limits, and the sheet never
 * held: only the row being read, within importLimits. Anything else fails with UnreadableFile.
 */
export async function* xlsxRowBatches(file: string): AsyncGenerator<SheetRow[]> {
  const entries = await zipEntries(file);
  const budget: InflateBudget = { used: 0 };
  const book = await workbookOf(file, entries.get('xl/workbook.xml'), budget);
  const relations = await relationsOf(file, entries.get('xl/_rels/workbook.xml.rels'), budget);
  const named = book.sheetRel ? relations.get(book.sheetRel) : undefined;
  const number = (name: string) => Number(/\d+/.exec(name)![0]);
  const sheets = [...entries.keys()]
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => number(a) - number(b));
  const sheet = entries.get(named && entries.has(named) ? named : (sheets[0] ?? ''));
  if (!sheet)
    throw new UnreadableFile(
      'The file is not a readable XLSX workbook: it has no worksheet',
      'it has no worksheet',
    );
  const dateStyles = await dateStylesOf(file, entries.get('xl/styles.xml'), budget);
  const strings = await sharedStringsOf(file, entries.get('xl/sharedStrings.xml'), budget);
  yield* sheetRows(file, sheet, { strings, dateStyles, date1904: book.date1904 }, budget);
}
