import { describe, expect, it } from 'vitest';
import type { FormulaType } from './index.js';
import { parseFormula, typecheckFormula } from './index.js';

const FIELDS = new Map<string, FormulaType>([
  ['amount', 'number'],
  ['tier', 'text'],
  ['d', 'date'],
  ['dt', 'datetime'],
  ['flag', 'boolean'],
]);

function check(src: string, fieldTypes: (key: string) => FormulaType | undefined = (key) => FIELDS.get(key)) {
  const { ast, errors } = parseFormula(src);
  if (!ast) throw new Error(errors.map((e) => e.message).join('; '));
  return typecheckFormula(ast, fieldTypes);
}

describe('typecheckFormula infers result types', () => {
  it.each([
    ['{amount} * 1.1', 'number'],
    ['IF({tier} = "high", "VIP", "普通")', 'text'],
    ['{tier} & {amount} & {d}', 'text'],
    ['{d} + 1', 'date'],
    ['1 + {d}', 'date'],
    ['{dt} - 0.5', 'datetime'],
    ['{d} - {d}', 'number'],
    ['{dt} - {d}', 'number'],
    ['{d} < {dt}', 'boolean'],
    ['{flag} = TRUE', 'boolean'],
    ['NOT {flag} OR {amount} > 0', 'boolean'],
    ['DATEADD({dt}, 1, "m")', 'datetime'],
    ['DATEADD({d}, 1, "年")', 'date'],
    ['DATEDIF({d}, TODAY(), "d")', 'number'],
    ['IF({flag}, NULL, 1)', 'number'],
    ['IF({flag}, 1)', 'number'],
    ['IFS({flag}, "a", TRUE, "b")', 'text'],
    ['MAX({d}, TODAY())', 'date'],
    ['MIN({amount}, NULL, 2)', 'number'],
    ['BLANKVALUE({tier}, "-")', 'text'],
    ['SWITCH({tier}, "a", 1, "b", 2, 0)', 'number'],
    ['SWITCH({d}, TODAY(), "today", "other")', 'text'],
    ['VALUE({tier}) + VALUE(1)', 'number'],
    ['ISBLANK(NULL)', 'boolean'],
    ['TEXT(NULL)', 'text'],
    ['NOW()', 'datetime'],
  ])('types %s as %s', (src, type) => {
    expect(check(src)).toEqual({ type, errors: [] });
  });
});

describe('typecheckFormula reports errors a business user can act on', () => {
  it.each([
    ['{amount} + "x"', 9, 'use & to join text', '连接文本请使用 &'],
    ['{tier} - 1', 7, 'Cannot use "-" on text and number', '不能对文本和数字使用“-”运算'],
    ['{tier} * 2', 7, 'Cannot use "*" on text and number', '文本和数字'],
    ['"a" < 1', 4, 'Cannot use "<" on text and number', '“<”'],
    ['TRUE < FALSE', 5, 'on true/false and true/false', '布尔值'],
    ['{d} + {d}', 4, 'on date and date', '日期和日期'],
    ['{flag} AND 1', 7, 'Cannot use "AND"', '“AND”'],
    ['-"x"', 0, 'Cannot use "-" on text', '不能对文本使用'],
    ['{amount} = NULL', 9, 'use ISBLANK() or IFBLANK()', 'ISBLANK()'],
    ['NULL + 1', 5, 'with NULL is always empty', '总是空值'],
    [
      'IF({amount}, 1, 2)',
      3,
      'Argument 1 of IF must be true/false, not number',
      'IF 的第 1 个参数应为布尔值，而不是数字',
    ],
    ['IF({flag}, 1, "x")', 14, 'must all have the same type, got number and text', '类型必须一致'],
    ['{unknown} + 1', 0, 'Unknown field {unknown}', '找不到字段 {unknown}'],
    ['1 + FOO(1)', 4, 'Unknown function FOO', '不存在函数 FOO'],
    ['ROUND(1, 2, 3)', 0, 'ROUND takes 1 to 2 argument(s), got 3', '需要 1 到 2 个参数，实际传入 3 个'],
    ['TODAY(1)', 0, 'TODAY takes 0 argument(s), got 1', '需要 0 个参数'],
    ['SUM()', 0, 'SUM takes at least 1 argument(s), got 0', '至少 1'],
    ['LEN(5)', 4, 'Argument 1 of LEN must be text, not number', '应为文本'],
    ['YEAR({tier})', 5, 'must be date or date-time, not text', '日期或日期时间'],
    ['DATEADD({d}, 1, "q")', 16, 'Unknown unit "q" for DATEADD', '单位“q”无效'],
    ['DATEDIF({d}, {d}, "hours")', 18, 'Unknown unit "hours" for DATEDIF', '单位'],
    ['MAX(1, {d})', 7, 'values of MAX must all have the same type', 'MAX'],
    ['MAX({tier})', 4, 'must be number, date or date-time', '数字、日期或日期时间'],
    ['IFS({flag}, 1, FALSE)', 0, 'condition/value pairs', '成对'],
    ['SWITCH({tier}, 1, "a", "b")', 15, 'Cannot use "=" on text and number', '“=”'],
  ])('rejects %s at position %i', (src, position, en, zh) => {
    const { type, errors } = check(src);
    expect(type).toBeUndefined();
    expect(errors[0]).toMatchObject({ position });
    expect(errors[0].message).toContain(en);
    expect(errors[0].messageZh).toContain(zh);
  });

  it.each(['NULL', 'BLANK()', 'IF({flag}, NULL)', 'BLANKVALUE(NULL, NULL)'])(
    'reports that %s is always empty',
    (src) => {
      expect(check(src).errors).toEqual([
        { message: 'Formula is always empty', messageZh: '公式的结果始终为空' },
      ]);
    },
  );

  it('reports every unknown field, not just the first', () => {
    expect(check('{x} + {y} * 2').errors.map((e) => e.position)).toEqual([0, 6]);
  });

  it('reports one error for a mistake instead of a cascade', () => {
    expect(check('({amount} + "x") * 2 > 1 AND TRUE').errors).toHaveLength(1);
  });

  it('treats prototype members of a lookup object as unknown fields', () => {
    const plain: Record<string, unknown> = { amount: 'number' };
    const { errors } = check(
      '{constructor} + {__proto__} + {amount}',
      (key) => plain[key] as FormulaType | undefined,
    );
    expect(errors.map((e) => e.message)).toEqual([
      'Unknown field {constructor} (at character 1)',
      'Unknown field {__proto__} (at character 17)',
    ]);
  });

  it('does not know functions named after prototype members', () => {
    expect(check('CONSTRUCTOR()').errors[0].message).toContain('Unknown function CONSTRUCTOR');
    expect(check('__PROTO__()').errors[0].message).toContain('Unknown function __PROTO__');
  });
});
