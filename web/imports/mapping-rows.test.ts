import { describe, expect, it } from 'vitest';
import { mappingOf, mappingRows, unmappedRequired } from './mapping-rows';

const headers = ['客户名称', '电话', '', '备注'];
const rows = [
  ['A公司', '138', 'x', ''],
  ['B公司', null, 'y', 'vip'],
  ['C公司', '139', 'z', null],
  ['D公司', '1', '', ''],
];
const suggested = { 客户名称: 'customerName', 电话: 'phone', 备注: null };

describe('the import mapping step', () => {
  it('shows each named column with samples and the server’s suggestion', () => {
    const lines = mappingRows(headers, rows, suggested, {});
    expect(lines.map((l) => [l.header, l.field, l.source])).toEqual([
      ['客户名称', 'customerName', 'suggested'],
      ['电话', 'phone', 'suggested'],
      ['备注', null, 'ignored'],
    ]);
    expect(lines[0].samples).toEqual(['A公司', 'B公司', 'C公司']);
    expect(lines[1].samples).toEqual(['138', '139', '1']);
  });

  it('lets the user’s choice win and marks a field taken by two columns', () => {
    const lines = mappingRows(headers, rows, suggested, { 备注: 'customerName', 电话: null });
    expect(lines.map((l) => [l.field, l.source, l.duplicate])).toEqual([
      ['customerName', 'suggested', true],
      [null, 'ignored', false],
      ['customerName', 'manual', true],
    ]);
    expect(mappingOf(lines)).toEqual({ 客户名称: 'customerName', 电话: null, 备注: 'customerName' });
  });

  it('names required fields no column fills', () => {
    const fields = [
      { key: 'customerName', label: '客户名称', type: 'text', required: true },
      { key: 'tier', label: '客户分层', type: 'select', required: true },
      { key: 'phone', label: '电话', type: 'phone', required: false },
    ];
    expect(unmappedRequired(mappingRows(headers, rows, suggested, {}), fields).map((f) => f.key)).toEqual([
      'tier',
    ]);
  });
});
