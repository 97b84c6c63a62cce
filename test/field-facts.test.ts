import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FIELD_FACTS,
  FIELD_TYPES,
  FILTER_KINDS,
  factsOf,
  filterKindOf,
  valueKindOf,
} from '../server/fields/facts.js';
import { fieldTypes } from '../server/fields/registry.js';
import { opsByKind } from '../server/filter/filter.ops.js';
import en from '../web/i18n/en.js';
import zhCN from '../web/i18n/zh-CN.js';
import { widgets } from '../web/widgets/index.js';

/** The widgets rjsf's antd theme brings itself (web/widgets/index.ts registers the rest). */
const THEME_WIDGETS = ['text', 'textarea', 'select', 'radio', 'checkbox', 'date', 'datetime'];

/** One field of a type, with every property some type needs to compile its uiSchema. */
const fieldOf = (type: string, extra: Record<string, unknown> = {}) =>
  ({
    id: 'fld_000000000000000001',
    key: 'f',
    label: 'F',
    type,
    options: [{ value: 'a', label: 'A' }],
    formId: 'frm_000000000000000001',
    relationField: 'rel',
    targetField: 'name',
    op: 'count',
    expression: '1',
    format: 'C{0000}',
    ...extra,
  }) as never;

describe('the field-type facts', () => {
  it('cover exactly the registered types, in palette order, and each module carries its own facts', () => {
    expect(fieldTypes.map((t) => t.type)).toEqual(FIELD_TYPES);
    for (const t of fieldTypes) {
      expect(t.facts).toBe(factsOf(t.type));
      expect({ group: t.group, computed: t.computed, supports: t.supports }).toEqual({
        group: t.facts.group,
        computed: t.facts.computed,
        supports: t.facts.supports,
      });
    }
  });

  it.each(FIELD_TYPES)(
    'name only properties the %s module accepts, and a default exactly when it supports one',
    (type) => {
      const module = fieldTypes.find((t) => t.type === type)!;
      const facts = FIELD_FACTS[type];
      expect(facts.props.filter((p) => !(p in module.config))).toEqual([]);
      expect(facts.props.includes('default' as never)).toBe(facts.supports.default);
    },
  );

  it.each(FIELD_TYPES)(
    'give %s a label in both languages and a widget for each uiSchema it compiles to',
    (type) => {
      expect(zhCN.fieldTypes[type]).toBeTruthy();
      expect(en.fieldTypes[type]).toBeTruthy();
      const module = fieldTypes.find((t) => t.type === type)!;
      for (const field of [
        fieldOf(type),
        fieldOf(type, { multiple: true }),
        fieldOf(type, { display: 'radio' }),
      ]) {
        const widget = module.uiSchema(field)['ui:widget'] as string | undefined;
        if (widget)
          expect(widget in widgets || THEME_WIDGETS.includes(widget), `${type} → ${widget}`).toBe(true);
      }
    },
  );

  it('filter every field as the value kind its module stores, so the web never offers an op the server refuses', () => {
    const variants = [
      {},
      { multiple: true },
      ...['number', 'text', 'date', 'datetime', 'boolean'].map((r) => ({ resultType: r })),
    ];
    for (const type of FIELD_TYPES) {
      const module = fieldTypes.find((t) => t.type === type)!;
      for (const extra of variants) {
        const field = fieldOf(type, extra);
        const kind = filterKindOf(field);
        if (!kind) continue;
        expect(valueKindOf(field), `${type} ${JSON.stringify(extra)}`).toBe(module.kind(field));
        for (const op of FILTER_KINDS[kind].ops)
          if (op !== 'preset') expect(opsByKind[module.kind(field)]).toContain(op);
      }
    }
  });

  it('offer every filter kind at least one operator, and date presets only on dates', () => {
    for (const [kind, { value, ops }] of Object.entries(FILTER_KINDS)) {
      expect(ops.length, kind).toBeGreaterThan(0);
      if (ops.includes('preset')) expect(['date', 'datetime']).toContain(value);
    }
  });

  it('stay bundleable for the web: they import only types and the plain-data operator table', () => {
    for (const file of ['server/fields/facts.ts', 'server/filter/filter.ops.ts']) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/^import (type )?[^;]*? from '([^']+)';/gm)];
      const values = imports.filter((m) => !m[1]).map((m) => m[2]);
      expect(
        values.every((p) => p === '../filter/filter.ops.js'),
        `${file}: ${values.join(', ')}`,
      ).toBe(true);
    }
  });
});
