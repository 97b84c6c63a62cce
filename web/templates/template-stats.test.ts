import { describe, expect, it } from 'vitest';
import { planLines, templateStats } from './template-stats';

describe('template cards and upgrade plans', () => {
  it('counts forms, fields, workflows and automations of a template', () => {
    const doc = {
      id: 'crm',
      name: '客户管理套件',
      version: '1.0.0',
      forms: [
        {
          key: 'customers',
          name: '客户信息档案',
          fields: [
            { key: 'a', type: 'text' as const, label: 'A' },
            { key: 'b', type: 'text' as const, label: 'B' },
          ],
        },
        {
          key: 'tasks',
          name: '任务',
          fields: [{ key: 'c', type: 'text' as const, label: 'C' }],
          workflow: {},
        },
      ],
      workflows: [{ form: 'customers' }],
      automations: [{}, {}],
    };
    expect(templateStats(doc as never)).toEqual({
      forms: 2,
      fields: 3,
      workflows: 2,
      automations: 2,
      dashboards: 0,
      views: 0,
    });
  });

  it('reads a plan listed as changes', () => {
    expect(
      planLines({
        changes: [
          { action: 'add', kind: 'field', name: '客户等级' },
          { op: 'updated', kind: 'view', key: 'board', message: 'new column' },
        ],
      }),
    ).toEqual([
      { action: 'add', kind: 'field', text: '客户等级' },
      { action: 'change', kind: 'view', text: 'board: new column' },
    ]);
  });

  it('reads a plan grouped by kind and action', () => {
    expect(
      planLines({
        forms: { added: [{ name: '回访计划' }], changed: ['客户信息档案'] },
        automations: { unchanged: [{ key: 'followUp' }] },
      }),
    ).toEqual([
      { action: 'add', kind: 'forms', text: '回访计划' },
      { action: 'change', kind: 'forms', text: '客户信息档案' },
      { action: 'keep', kind: 'automations', text: 'followUp' },
    ]);
  });

  it('reads the server’s plan items, naming fields by form', () => {
    expect(
      planLines({
        templateId: 'crm-suite',
        from: '1.0.0',
        to: '1.1.0',
        noChanges: false,
        items: [
          { kind: 'field', action: 'conflict', form: 'customers', key: 'tier', message: 'both changed' },
        ],
      }),
    ).toEqual([{ action: 'conflict', kind: 'field', text: 'customers.tier: both changed' }]);
  });

  it('has no lines for an empty plan', () => {
    expect(planLines({ changes: [] })).toEqual([]);
    expect(planLines(undefined)).toEqual([]);
  });
});
