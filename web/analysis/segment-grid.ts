import { valueKindOf } from '../../server/fields/facts';
import type { ErrorDetail, FieldDef } from '../api/types';
import type { Quadrant, RfmSegment, Segmentation, SegmentCount } from '../api/segments';

export const RFM_SEGMENTS: RfmSegment[] = [
  'importantValue',
  'importantDevelop',
  'importantKeep',
  'importantRetain',
  'generalValue',
  'generalDevelop',
  'generalKeep',
  'generalRetain',
];
export const QUADRANTS: Quadrant[] = ['highHigh', 'highLow', 'lowHigh', 'lowLow'];

/** RFM as 2 rows (M high, M low) × 4 columns (R·F: high·high, high·low, low·high, low·low). */
export const RFM_GRID: RfmSegment[][] = [RFM_SEGMENTS.slice(0, 4), RFM_SEGMENTS.slice(4)];
/** The value–potential quadrants as drawn: potential grows upwards, value to the right. */
export const QUADRANT_GRID: Quadrant[][] = [
  ['lowHigh', 'highHigh'],
  ['lowLow', 'highLow'],
];

/** Cell colors: warm for segments worth the most attention, cool for the rest. */
export const SEGMENT_COLORS: Record<RfmSegment | Quadrant, string> = {
  importantValue: '#cf1322',
  importantDevelop: '#fa541c',
  importantKeep: '#fa8c16',
  importantRetain: '#faad14',
  generalValue: '#1677ff',
  generalDevelop: '#13c2c2',
  generalKeep: '#52c41a',
  generalRetain: '#8c8c8c',
  highHigh: '#cf1322',
  lowHigh: '#fa8c16',
  highLow: '#1677ff',
  lowLow: '#8c8c8c',
};

/** The cells of the chart in drawing order, each with its count (0 when the server has none). */
export function gridCells(model: 'rfm' | 'matrix', items: readonly SegmentCount[]) {
  const grid: string[][] = model === 'rfm' ? RFM_GRID : QUADRANT_GRID;
  const by = new Map(items.map((i) => [i.segment as string, i]));
  return grid.map((row) =>
    row.map((segment) => ({ segment, value: by.get(segment)?.value, count: by.get(segment)?.count ?? 0 })),
  );
}

/** The data-page filter of one segment: the target field equals the value written for it. */
export function segmentFilter(targetField: string, value: string) {
  return { and: [{ field: targetField, op: 'eq' as const, value }] };
}

/** The data page showing one segment's records. */
export function segmentLink(formId: string, targetField: string, value: string): string {
  return `/forms/${formId}?filter=${encodeURIComponent(JSON.stringify(segmentFilter(targetField, value)))}`;
}

/** A 422's details as antd Form field errors: `/rules/values/highHigh` → name ['rules', 'values', 'highHigh']. */
export function detailsToFields(details: readonly ErrorDetail[]): { name: string[]; errors: string[] }[] {
  const by = new Map<string, { name: string[]; errors: string[] }>();
  for (const d of details) {
    const name = d.path.split('/').filter(Boolean);
    if (!name.length) continue;
    const k = name.join('.');
    if (!by.has(k)) by.set(k, { name, errors: [] });
    by.get(k)!.errors.push(d.message);
  }
  return [...by.values()];
}

/** The fields each setting may use. */
export function fieldsFor(fields: readonly FieldDef[]) {
  return {
    target: fields.filter((f) => f.type === 'select' || f.type === 'text'),
    date: fields.filter(
      (f) =>
        f.type === 'date' ||
        f.type === 'datetime' ||
        (f.type === 'rollup' && (f.op === 'max' || f.op === 'min')) ||
        (f.type === 'formula' && (f.resultType === 'date' || f.resultType === 'datetime')),
    ),
    number: fields.filter((f) => valueKindOf(f) === 'number'),
    relation: fields.filter((f) => f.type === 'relation'),
  };
}

type Values = Record<string, unknown>;
/** The settings form's values → the PUT body: empty mappings and an unset churn block left out. */
export function toSegmentation(form: {
  rules?: Values;
  churn?: Values | null;
  churnOn?: boolean;
}): Segmentation {
  const out: Segmentation = {};
  if (form.rules?.model) {
    const values = Object.fromEntries(
      Object.entries((form.rules.values as Values | undefined) ?? {}).filter(
        ([, v]) => typeof v === 'string' && v !== '',
      ),
    );
    const keep =
      form.rules.model === 'rfm'
        ? [
            'model',
            'targetField',
            'recencyField',
            'recentDays',
            'frequencyField',
            'frequencyThreshold',
            'monetaryField',
            'monetaryThreshold',
          ]
        : ['model', 'targetField', 'valueField', 'valueThreshold', 'potentialField', 'potentialThreshold'];
    const rules = Object.fromEntries(
      keep
        .filter((k) => form.rules![k] !== undefined && form.rules![k] !== null)
        .map((k) => [k, form.rules![k]]),
    );
    out.rules = {
      ...rules,
      ...(Object.keys(values).length || form.rules.model === 'matrix' ? { values } : {}),
    } as Segmentation['rules'];
  }
  if (form.churnOn && form.churn) {
    const c = Object.fromEntries(
      Object.entries(form.churn).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    out.churn = c as Segmentation['churn'];
  }
  return out;
}
