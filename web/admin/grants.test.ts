import { describe, expect, it } from 'vitest';
import type { Grant } from '../api/directory';
import {
  conditionsToFilter,
  draftToGrant,
  emptyDraft,
  filterToConditions,
  grantToDraft,
  parseConditionValue,
  parseFilterText,
  switchFilterMode,
} from './grants';

const roundTrip = (g: Grant) => {
  const out = draftToGrant(grantToDraft(g));
  if (!('grant' in out)) throw new Error(out.error);
  return out.grant;
};

describe('the grants editor and the grant JSON', () => {
  it.each<[string, Grant]>([
    ['every app, read only', { actions: ['read'], scope: 'all' }],
    ['an app, own records', { appId: 'app_1', actions: ['read', 'create', 'update'], scope: 'own' }],
    [
      'a form with hidden and read-only fields and sensitive in full',
      {
        formId: 'frm_1',
        actions: ['read', 'update'],
        scope: 'department',
        fields: { phone: 'hidden', tier: 'readonly' },
        sensitive: 'full',
      },
    ],
    [
      'a department tree',
      { formId: 'frm_1', actions: ['read', 'delete', 'manage'], scope: 'department-tree' },
    ],
    ['export on top of read, own records', { formId: 'frm_1', actions: ['read', 'export'], scope: 'own' }],
    [
      'a simple custom condition',
      {
        formId: 'frm_1',
        actions: ['read'],
        scope: {
          filter: {
            and: [
              { field: 'tier', op: 'eq', value: 'A' },
              { field: 'amount', op: 'gte', value: 1000 },
            ],
          },
        },
      },
    ],
    [
      'a nested custom condition (kept as JSON)',
      {
        formId: 'frm_1',
        actions: ['read'],
        scope: {
          filter: {
            or: [
              { field: 'ownerId', op: 'eq', value: '$me' },
              { and: [{ field: 'tier', op: 'in', value: ['A', 'B'] }] },
            ],
          },
        },
      },
    ],
  ])('survives a round trip: %s', (_name, grant) => {
    expect(roundTrip(grant)).toEqual(grant);
  });

  it('orders actions as the checkboxes show them and drops empty field modes', () => {
    const d = {
      ...emptyDraft(),
      actions: ['update' as const, 'read' as const],
      fields: { a: 'hidden' as const, b: undefined as unknown as 'hidden' },
    };
    expect(draftToGrant(d)).toEqual({
      grant: { actions: ['read', 'update'], scope: 'all', fields: { a: 'hidden' } },
    });
  });

  it('turns typed condition values into numbers, booleans and lists', () => {
    expect(parseConditionValue('eq', '42')).toBe(42);
    expect(parseConditionValue('eq', 'true')).toBe(true);
    expect(parseConditionValue('eq', 'A公司')).toBe('A公司');
    expect(parseConditionValue('in', 'A, B，3')).toEqual(['A', 'B', 3]);
    expect(parseConditionValue('in', '$myDepartments')).toBe('$myDepartments');
    expect(parseConditionValue('isEmpty', 'x')).toBeUndefined();
    expect(
      conditionsToFilter('or', [
        { field: 'phone', op: 'isEmpty', value: '' },
        { field: '', op: 'eq', value: 'x' },
      ]),
    ).toEqual({ or: [{ field: 'phone', op: 'isEmpty' }] });
  });

  it('shows a single condition in the row editor and nested groups only as JSON', () => {
    expect(filterToConditions({ field: 'tier', op: 'eq', value: 'A' })).toEqual({
      match: 'and',
      rows: [{ field: 'tier', op: 'eq', value: 'A' }],
    });
    expect(filterToConditions({ not: { field: 'tier', op: 'eq', value: 'A' } })).toBeNull();
    expect(filterToConditions({ and: [{ field: 'd', op: 'gte', value: { relative: '-30d' } }] })).toBeNull();
  });

  it('refuses JSON that is not a filter, naming where', () => {
    expect(parseFilterText('{')).toMatchObject({ error: 'json' });
    expect(parseFilterText('[1]')).toEqual({ error: 'shape', path: '' });
    expect(parseFilterText('{"and":[{"field":"a","op":"like","value":1}]}')).toEqual({
      error: 'op',
      path: '/and/0/op',
    });
    expect(parseFilterText('{"and":[{"field":"a","op":"eq","value":1,"x":2}]}')).toEqual({
      error: 'shape',
      path: '/and/0',
    });
    expect(parseFilterText('{"not":{"field":"a","op":"isEmpty"}}')).toEqual({
      filter: { not: { field: 'a', op: 'isEmpty' } },
    });
  });

  it('a bad JSON condition stops the save', () => {
    const d = {
      ...emptyDraft(),
      scope: 'filter' as const,
      filterMode: 'json' as const,
      filterText: '{"and": [',
    };
    expect(draftToGrant(d)).toMatchObject({ error: 'json' });
  });

  it('switches between rows and JSON without losing the condition, and refuses when JSON is too complex for rows', () => {
    const d = {
      ...emptyDraft(),
      scope: 'filter' as const,
      conditions: [{ field: 'tier', op: 'eq' as const, value: 'A' }],
    };
    const json = switchFilterMode(d, 'json')!;
    expect(JSON.parse(json.filterText)).toEqual({ and: [{ field: 'tier', op: 'eq', value: 'A' }] });
    expect(switchFilterMode(json, 'simple')?.conditions).toEqual(d.conditions);
    expect(
      switchFilterMode({ ...json, filterText: '{"not":{"field":"a","op":"isEmpty"}}' }, 'simple'),
    ).toBeNull();
  });
});
