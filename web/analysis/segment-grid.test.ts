import { describe, expect, it } from 'vitest';
import { detailsToFields, gridCells, segmentLink, toSegmentation } from './segment-grid';

describe('the segmentation page helpers', () => {
  it('draws RFM as two rows of four, important customers on top, with zero for segments nobody is in', () => {
    const cells = gridCells('rfm', [
      { segment: 'importantValue', value: '重要价值客户', count: 12 },
      { segment: 'generalRetain', value: '一般挽留客户', count: 3 },
    ]);
    expect(cells.map((r) => r.length)).toEqual([4, 4]);
    expect(cells[0][0]).toEqual({ segment: 'importantValue', value: '重要价值客户', count: 12 });
    expect(cells[1][3]).toEqual({ segment: 'generalRetain', value: '一般挽留客户', count: 3 });
    expect(cells[0][1].count).toBe(0);
  });

  it('draws the value–potential matrix with high potential on top and high value on the right', () => {
    const cells = gridCells('matrix', [{ segment: 'highHigh', value: '高价值', count: 5 }]);
    expect(cells.map((r) => r.map((c) => c.segment))).toEqual([
      ['lowHigh', 'highHigh'],
      ['lowLow', 'highLow'],
    ]);
    expect(cells[0][1].count).toBe(5);
  });

  it('links a segment to the data page filtered on the target field', () => {
    const url = segmentLink('frm_1', 'tier', '高价值');
    const filter = JSON.parse(new URLSearchParams(url.split('?')[1]).get('filter')!);
    expect(url.startsWith('/forms/frm_1?filter=')).toBe(true);
    expect(filter).toEqual({ and: [{ field: 'tier', op: 'eq', value: '高价值' }] });
  });

  it.each([
    [
      [{ path: '/rules/targetField', message: 'must be a text field' }],
      [{ name: ['rules', 'targetField'], errors: ['must be a text field'] }],
    ],
    [
      [
        { path: '/rules/values/highHigh', message: 'a' },
        { path: '/rules/values/highHigh', message: 'b' },
      ],
      [{ name: ['rules', 'values', 'highHigh'], errors: ['a', 'b'] }],
    ],
    [[{ path: '', message: 'whole body' }], []],
  ])('puts the 422 details %j on the inputs they name', (details, expected) => {
    expect(detailsToFields(details)).toEqual(expected);
  });

  it('sends only the fields of the chosen model, leaves out empty mappings and a switched-off churn block', () => {
    const body = toSegmentation({
      rules: {
        model: 'matrix',
        targetField: 'tier',
        valueField: 'amount',
        valueThreshold: 500000,
        potentialField: 'p',
        potentialThreshold: 3,
        recentDays: 90,
        values: { highHigh: '高价值', lowLow: '' },
      },
      churnOn: false,
      churn: { relationField: 'interactions', dateField: 'on' },
    });
    expect(body).toEqual({
      rules: {
        model: 'matrix',
        targetField: 'tier',
        valueField: 'amount',
        valueThreshold: 500000,
        potentialField: 'p',
        potentialThreshold: 3,
        values: { highHigh: '高价值' },
      },
    });
    expect(
      toSegmentation({
        churnOn: true,
        churn: { relationField: 'interactions', dateField: 'on', inactiveDays: 30, dropRatio: null },
      }),
    ).toEqual({ churn: { relationField: 'interactions', dateField: 'on', inactiveDays: 30 } });
  });
});
