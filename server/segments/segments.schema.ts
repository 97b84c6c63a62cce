import { z } from 'zod';

const key = z.string().max(80);

/** The eight classic RFM segments: recency × frequency × monetary, each high or low. */
export const rfmSegments = [
  'importantValue',
  'importantDevelop',
  'importantKeep',
  'importantRetain',
  'generalValue',
  'generalDevelop',
  'generalKeep',
  'generalRetain',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

export const rfmLabels: Record<RfmSegment, string> = {
  importantValue: '重要价值客户',
  importantDevelop: '重要发展客户',
  importantKeep: '重要保持客户',
  importantRetain: '重要挽留客户',
  generalValue: '一般价值客户',
  generalDevelop: '一般发展客户',
  generalKeep: '一般保持客户',
  generalRetain: '一般挽留客户',
};

/** R, F, M high or low → segment (R recent, F frequent, M valuable). */
export function rfmSegment(r: boolean, f: boolean, m: boolean): RfmSegment {
  if (m) return r ? (f ? 'importantValue' : 'importantDevelop') : f ? 'importantKeep' : 'importantRetain';
  return r ? (f ? 'generalValue' : 'generalDevelop') : f ? 'generalKeep' : 'generalRetain';
}

export const quadrants = ['highHigh', 'highLow', 'lowHigh', 'lowLow'] as const;
export type Quadrant = (typeof quadrants)[number];

/**
 * How a form keeps a segment field current.
 * RFM: `recencyField` (a date, e.g. 最近合作时间, a rollup of the latest interaction) is "high" when
 * within `recentDays`; `frequencyField` and `monetaryField` (numbers, e.g. rollups of interactions and
 * 累计合作金额) are high at or above their thresholds. A value–potential matrix uses two numbers.
 * `values` maps each segment to the option value written into `targetField` (a select or text field).
 * ```json
 * {"model": "matrix", "targetField": "tier", "valueField": "amount", "valueThreshold": 500000,
 *  "potentialField": "potential", "potentialThreshold": 3,
 *  "values": {"highHigh": "高价值", "lowHigh": "潜力", "highLow": "普通", "lowLow": "流失风险"}}
 * ```
 */
export const segmentationSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z
    .discriminatedUnion('model', [
      z.strictObject({
        model: z.literal('rfm'),
        targetField: key,
        recencyField: key,
        recentDays: z.number().int().min(1).max(3650),
        frequencyField: key,
        frequencyThreshold: z.number(),
        monetaryField: key,
        monetaryThreshold: z.number(),
        values: z.partialRecord(z.enum(rfmSegments), z.string().max(200)).optional(),
      }),
      z.strictObject({
        model: z.literal('matrix'),
        targetField: key,
        valueField: key,
        valueThreshold: z.number(),
        potentialField: key,
        potentialThreshold: z.number(),
        values: z.partialRecord(z.enum(quadrants), z.string().max(200)),
      }),
    ])
    .optional(),
  /** Churn warning: customers with no linked interaction for `inactiveDays`, or whose interactions dropped. */
  churn: z
    .strictObject({
      relationField: key,
      dateField: key,
      inactiveDays: z.number().int().min(1).max(3650).default(60),
      windowDays: z.number().int().min(7).max(3650).default(90),
      /** Recent window count at or below this share of the previous one is a drop. */
      dropRatio: z.number().min(0).max(1).default(0.5),
      minPrevious: z.number().int().min(1).default(3),
    })
    .optional(),
});

export type Segmentation = z.infer<typeof segmentationSchema>;
