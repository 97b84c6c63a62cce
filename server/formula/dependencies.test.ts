import { describe, expect, it } from 'vitest';
import { findFormulaCycle, formulaDependencies, parseFormula, renameFormulaRefs } from './index.js';

const deps = (src: string) => formulaDependencies(parseFormula(src).ast!);

describe('formulaDependencies', () => {
  it.each([
    ['{b} + {a} * {b}', ['b', 'a']],
    ['IF({flag}, ROUND({x} / {y}), -{z})', ['flag', 'x', 'y', 'z']],
    ['NOT {ok} AND {fld_01HX}', ['ok', 'fld_01HX']],
    ['"{notAField}" & 1', []],
    ['{__proto__} + {constructor}', ['__proto__', 'constructor']],
  ])('lists the fields of %s in order of first appearance', (src, keys) => {
    expect(deps(src)).toEqual(keys);
  });
});

describe('renameFormulaRefs', () => {
  const oldToNew = (key: string) => (key === 'old' ? 'renamed' : key);

  it.each([
    ['{old} + {other}', '{renamed} + {other}'],
    ['"{old}" & {old} & \'{old}\'', '"{old}" & {renamed} & \'{old}\''],
    ['"say \\"{old}\\"" & {old}', '"say \\"{old}\\"" & {renamed}'],
    ["'it\\'s {old}' & {old}", "'it\\'s {old}' & {renamed}"],
    ['IF(  {old}>1 ,"a" ,  \'b\' )', 'IF(  {renamed}>1 ,"a" ,  \'b\' )'],
    ['{old}{old}', '{renamed}{renamed}'],
    ['{oldest} + {old_}', '{oldest} + {old_}'],
    ['{old} + (', '{renamed} + ('],
    ['{old} + "unterminated {old}', '{renamed} + "unterminated {old}'],
    ['', ''],
  ])('rewrites %s to %s', (src, expected) => {
    expect(renameFormulaRefs(src, oldToNew)).toBe(expected);
  });

  it('throws when the new key is not a valid field key', () => {
    expect(() => renameFormulaRefs('{old}', () => 'a}b')).toThrow(TypeError);
  });
});

describe('findFormulaCycle', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it.each([
    ['no formulas', {}, []],
    ['a chain', { a: ['b'], b: ['c'], c: ['amount'] }, []],
    ['a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
    ['a formula reading itself', { a: ['amount', 'a'] }, ['a']],
    ['two formulas reading each other', { a: ['b'], b: ['a'] }, ['a', 'b']],
    ['a three-step loop', { a: ['b'], b: ['c'], c: ['a'] }, ['a', 'b', 'c']],
    ['a loop behind a chain', { x: ['a'], a: ['b'], b: ['c'], c: ['b'] }, ['b', 'c']],
    ['a loop not reachable from the first key', { x: ['y'], y: [], p: ['q'], q: ['p'] }, ['p', 'q']],
  ])('finds %s', (_, edges, cycle) => {
    expect(findFormulaCycle(graph(edges))).toEqual(cycle);
  });

  it('walks a chain of 20 000 formulas without overflowing the stack', () => {
    const edges = new Map(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, [`f${i + 1}`]]));
    expect(findFormulaCycle(edges)).toEqual([]);
    edges.set('f20000', ['f0']);
    expect(findFormulaCycle(edges)).toHaveLength(20_001);
  });
});
