import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { parseFilterParam } from './filter.parse.js';

function detailsOf(text: string) {
  try {
    parseFilterParam(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_request');
    return (e as AppError).details;
  }
  throw new Error('expected parseFilterParam to throw');
}

describe('parseFilterParam', () => {
  it('answers a well-formed filter', () => {
    const text =
      '{"and":[{"field":"name","op":"contains","value":"ac"},{"not":{"field":"vip","op":"isEmpty"}}]}';
    expect(parseFilterParam(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['broken JSON', '{"and": [', '', /not valid JSON/],
    ['an unknown op', '{"and":[{"field":"a","op":"like","value":1}]}', '/and/0/op', /expected one of/],
    ['a missing field name', '{"or":[{"not":{"op":"eq","value":1}}]}', '/or/0/not/field', /expected string/],
    [
      'an unknown key on a condition',
      '{"field":"a","op":"eq","value":1,"extra":true}',
      '',
      /Unrecognized key/,
    ],
    ['a group mixed with a condition', '{"and":[],"field":"a"}', '', /Unrecognized key/],
    ['and that is not a list', '{"and":{"field":"a","op":"eq"}}', '/and', /expected array/],
    ['a list instead of a filter', '[1,2]', '', /must be an object/],
    ['a number inside a group', '{"or":[3]}', '/or/0', /must be an object/],
  ])('rejects %s with the path %#', (_, text, path, message) => {
    expect(detailsOf(text)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('rejects deep nesting before walking it', () => {
    const text = '{"not":'.repeat(5000) + '{"field":"a","op":"isEmpty"}' + '}'.repeat(5000);
    expect(detailsOf(text)[0].message).toMatch(/at most 10 groups/);
  });
});
