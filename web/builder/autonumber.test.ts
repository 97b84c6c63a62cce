import { describe, expect, it } from 'vitest';
import { autonumberExample, autonumberProblem } from './autonumber';

describe('autonumberExample', () => {
  const d = new Date(2026, 2, 5);
  it.each([
    ['C{YYYY}{0000}', 'C20260001'],
    ['HT-{YY}{MM}{DD}-{000}', 'HT-260305-001'],
    ['{00}', '01'],
  ])('renders %s as %s', (format, expected) => expect(autonumberExample(format, d)).toBe(expected));

  it('lets the counter grow past its padding', () => expect(autonumberExample('N{00}', d, 123)).toBe('N123'));
});

describe('autonumberProblem', () => {
  it.each([
    ['C{YYYY}{0000}', undefined],
    ['C{YYYY}', 'builder.autonumber.oneCounter'],
    ['{00}{000}', 'builder.autonumber.oneCounter'],
    ['C{Q}{000}', 'builder.autonumber.unknownToken'],
    ['{0000000000000}', 'builder.autonumber.counterTooLong'],
  ])('%s → %s', (format, problem) => expect(autonumberProblem(format)).toBe(problem));
});
