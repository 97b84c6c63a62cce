/**
 * What an import or a preview reads of an uploaded file at most. Every reader checks these as it
 * goes, so a file's content bounds neither the memory nor the time spent on it beyond them (the
 * upload itself is bounded by TESSERA_MAX_UPLOAD_MB).
 */
export const importLimits = {
  /** Data rows (the header row not counted). */
  maxRows: 2_000_000,
  /** Columns of a row (CSV: cells; XLSX: the column of its last cell). */
  maxColumns: 1000,
  /** Characters of one cell: the longest text a field takes (text fields allow 100,000). */
  maxCellChars: 100_000,
  /** Characters of one row, quoted line breaks and separators included ("1 MB"). */
  maxRowChars: 1024 * 1024,
  /** Cells of a whole sheet (rows × their columns). */
  maxCells: 50_000_000,
  xlsx: {
    /** Files in the zip (a workbook has a dozen or two). */
    maxEntries: 1000,
    /** Bytes all the entries read decompress to together. */
    maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
    /** Bytes a part other than the sheet decompresses to (workbook, relations, styles). */
    maxPartBytes: 16 * 1024 * 1024,
    /** How many times its compressed size an entry may decompress to (past its first MB). */
    maxRatio: 100,
    /** Entries of the shared string table, which is held in memory while the sheet is read. */
    maxSharedStrings: 1_000_000,
    /** Characters of the shared string table together. */
    maxSharedStringChars: 32 * 1024 * 1024,
  },
};

export type ImportLimits = typeof importLimits;

/**
 * A file an import cannot read: not valid CSV or XLSX, or beyond one of importLimits. `message`
 * says why for the user (a preview's 422, a failed job's error); `detail` is the short form.
 */
export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly detail = message,
  ) {
    super(message);
  }
}

const n = (v: number) => v.toLocaleString('en');

/** "1 MB" for a power-of-two size, else its characters. */
const size = (chars: number) =>
  chars % (1024 * 1024) === 0 ? `${chars / (1024 * 1024)} MB` : `${n(chars)}-character`;

export const limitErrors = {
  rowTooLong: (row: number, hint = '') =>
    new UnreadableFile(
      `Row ${n(row)} exceeds the ${size(importLimits.maxRowChars)} limit on a row's length` +
        ` (${n(importLimits.maxRowChars)} characters)${hint}`,
    ),
  cellTooLong: (row: number) =>
    new UnreadableFile(
      `Row ${n(row)} has a cell longer than the ${n(importLimits.maxCellChars)}-character limit`,
    ),
  tooManyColumns: (row: number) =>
    new UnreadableFile(`Row ${n(row)} has more than the ${n(importLimits.maxColumns)}-column limit`),
  tooManyRows: () => new UnreadableFile(`The file has more than the ${n(importLimits.maxRows)}-row limit`),
  tooManyCells: () =>
    new UnreadableFile(`The sheet has more than the ${n(importLimits.maxCells)}-cell limit`),
};
