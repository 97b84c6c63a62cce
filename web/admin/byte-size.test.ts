import { describe, expect, it } from 'vitest';
import { byteSize } from './byte-size';

describe('byteSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [150 * 1024 * 1024, '150 MB'],
    [3.25 * 1024 ** 3, '3.3 GB'],
  ])('writes %d bytes as %s', (n, text) => expect(byteSize(n)).toBe(text));
});
