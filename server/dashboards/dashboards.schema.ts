import { z } from 'zod';
import { filterSchema } from '../filter/index.js';
import { safeText } from '../forms/forms.schema.js';
import { aggregateSchema } from '../records/aggregate.js';

export const widgetTypes = [
  'kpi',
  'bar',
  'line',
  'area',
  'pie',
  'funnel',
  'pivot',
  'list',
  'matrix',
] as const;

export const periodUnits = ['day', 'week', 'month', 'quarter', 'year'] as const;

const color = z
  .string()
  .max(32)
  .regex(/^[#a-zA-Z0-9-]+$/, 'is not a color');

/**
 * One widget: a chart, KPI card, pivot or record list over one form. `query` is an aggregate
 * request (POST /api/forms/:formId/aggregate); a `list` widget lists records instead.
 * ```json
 * {"id": "w1", "type": "kpi", "title": "本月签约额", "formId": "frm_…",
 *  "query": {"metrics": [{"op": "sum", "field": "amount"}]},
 *  "period": {"field": "signedOn", "unit": "month"}, "target": 1000000,
 *  "compare": "previousPeriod", "thresholds": [{"value": 0.8, "color": "orange"}, {"value": 1, "color": "green"}],
 *  "layout": {"x": 0, "y": 0, "w": 6, "h": 4}}
 * ```
 */
export const widgetSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -'),
    type: z.enum(widgetTypes),
    title: safeText(200),
    formId: z.string().max(40),
    query: aggregateSchema.optional(),
    list: z
      .strictObject({
        filter: filterSchema.optional(),
        sort: z.string().max(500).optional(),
        fields: z.array(z.string().max(80)).max(50).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .optional(),
    /** Limits the data to the current period of a date field (in the company's time zone). */
    period: z.strictObject({ field: z.string().max(80), unit: z.enum(periodUnits) }).optional(),
    /** KPI: what the actual value is measured against (达成率 = actual / target). */
    target: z.number().finite().optional(),
    /** KPI: colors by 达成率 (or by the value when there is no target), lowest first. */
    thresholds: z
      .array(z.strictObject({ value: z.number().finite(), color }))
      .max(10)
      .optional(),
    compare: z.literal('previousPeriod').optional(),
    /** Display settings the web client keeps (stacking, colors, axis titles…). */
    options: z.record(z.string().max(80), z.unknown()).optional(),
    layout: z.strictObject({
      x: z.number().int().min(0).max(100),
      y: z.number().int().min(0).max(10000),
      w: z.number().int().min(1).max(24),
      h: z.number().int().min(1).max(100),
    }),
  })
  .superRefine((w, ctx) => {
    if (w.type === 'list' && !w.list)
      ctx.addIssue({ code: 'custom', path: ['list'], message: 'is required for a list widget' });
    if (w.type !== 'list' && !w.query)
      ctx.addIssue({ code: 'custom', path: ['query'], message: `is required for a ${w.type} widget` });
    if (w.compare && !w.period)
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: 'is required to compare with the previous period',
      });
  });

/** A dashboard of an app: named widgets on a grid. */
export const dashboardSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().max(40).optional(),
    appId: z.string().max(40).optional(),
    name: safeText(100).min(1),
    description: safeText(2000).optional(),
    widgets: z.array(widgetSchema).max(50).default([]),
    version: z.number().int().optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.widgets.forEach((w, i) => {
      if (seen.has(w.id))
        ctx.addIssue({
          code: 'custom',
          path: ['widgets', i, 'id'],
          message: `duplicate widget id "${w.id}"`,
        });
      seen.add(w.id);
    });
  });

export type Widget = z.infer<typeof widgetSchema>;
export type DashboardInput = z.infer<typeof dashboardSchema>;

/** A stored dashboard as the API answers it. */
export interface Dashboard {
  id: string;
  appId: string;
  name: string;
  description?: string;
  widgets: Widget[];
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/dashboards/:id/data: optionally only some widgets. */
export const dataBody = z.strictObject({ widgets: z.array(z.string().max(64)).max(50).optional() });
