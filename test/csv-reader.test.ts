import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, csvRecordBatches } from '../server/imports/csv-reader.js';

/** The cells csv-parse reads, with the options imports used it with. */
function reference(text: string): string[][] | 'error' {
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch {
    return 'error';
  }
}

const cellsOf = (r: Awaited<ReturnType<typeof ours>>) => (r === 'error' ? r : r.map((x) => x.cells));
/** The rows a spreadsheet shows for records written one per line (empty lines are skipped but counted). */
const rowsOf = (lines: string[]) => lines.flatMap((l, i) => (l === '' ? [] : [i + 1]));

async function ours(pieces: string[]): Promise<Array<{ cells: string[]; line: number }> | 'error'> {
  const out: Array<{ cells: string[]; line: number }> = [];
  try {
    for await (const batch of csvRecordBatches(
      (async function* () {
        yield* pieces;
      })(),
    ))
      out.push(...batch);
    return out;
  } catch (e) {
    if (e instanceof CsvError) return 'error';
    throw e;
  }
}

/** Cuts a text into pieces at the given points (a stream hands over arbitrary pieces). */
const cut = (text: string, points: number[]) => {
  const at = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of at) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
};

const field = fc.oneof(
  fc.stringMatching(/^[a-z中文 ]{0,4}$/),
  fc.stringMatching(/^[a-z,\r\n"中 ]{0,5}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
  fc.constantFrom('', 'a"b', '1,234.50', '价格敏感、重视服务'),
);

describe('the import CSV reader', () => {
  it('reads examples as csv-parse does: quotes, separators and line breaks inside fields, CRLF, empty lines, a BOM', async () => {
    const text =
      '\uFEFF客户名称,金额,备注\r\n"A公司","1,234.50","第一行\r\n第二行"\r\n\r\nB公司,88,"说""好的"""\r\nC公司,,\r\n"D"';
    const got = await ours([text]);
    expect(cellsOf(got)).toEqual(reference(text));
    expect(got).toEqual([
      { cells: ['客户名称', '金额', '备注'], line: 1 },
      { cells: ['A公司', '1,234.50', '第一行\r\n第二行'], line: 2 },
      { cells: ['B公司', '88', '说"好的"'], line: 4 },
      { cells: ['C公司', '', ''], line: 5 },
      { cells: ['D'], line: 6 },
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote', async () => {
    expect(await ours(['a,"b\n'])).toBe('error');
    expect(await ours(['a,"b"c\n'])).toBe('error');
  });

  it('agrees with csv-parse on generated files however the stream cuts them, and numbers rows as a spreadsheet does (LF)', async () => {
    const file = fc.tuple(
      fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(file, async ([rows, trailing, points]) => {
        const lines = rows.map((r) => r.join(','));
        const text = lines.join('\n') + (trailing ? '\n' : '');
        const got = await ours(cut(text, points));
        expect(cellsOf(got)).toEqual(reference(text));
        if (got !== 'error') expect(got.map((r) => r.line)).toEqual(rowsOf(lines));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with csv-parse on generated files with CRLF line ends and empty lines', async () => {
    const file = fc.array(
      fc.oneof(
        fc.array(field, { minLength: 1, maxLength: 4 }).map((r) => r.join(',')),
        fc.constant(''),
      ),
      { maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.nat(), { maxLength: 6 }), async (lines, points) => {
        const text = '\uFEFF' + lines.join('\r\n');
        const got = await ours(cut(text, points));
        expect(cellsOf(got)).toEqual(reference(text));
        if (got !== 'error') expect(got.map((r) => r.line)).toEqual(rowsOf(lines));
      }),
      { numRuns: 400 },
    );
  });
});
