import { Cron } from 'croner';
import { z } from 'zod';
import { type Filter, filterSchema } from '../filter/index.js';
import { fieldKeySchema, safeText } from '../forms/forms.schema.js';

const id = z.string().min(1).max(40);
const template = z.string().max(5000);
/** Field values by key: any JSON, strings may hold `{{…}}` templates (see template.ts). */
const fieldMap = z
  .record(fieldKeySchema, z.unknown())
  .refine((m) => Object.keys(m).length <= 200, 'at most 200 fields');
const offset = z.string().regex(/^[+-]?\d{1,4}[hdwmy]$/, 'must be an offset like -3d, +1d, 2h, 1m');
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not an IANA time zone');
const cron = z
  .string()
  .max(120)
  .refine((p) => {
    try {
      new Cron(p, { paused: true });
      return true;
    } catch {
      return false;
    }
  }, 'is not a cron pattern');

/**
 * What starts an automation. Record triggers name their form; `record.updated` may list field
 * keys (fire only when one of them changed); `schedule` is a cron pattern in an IANA time zone
 * (for each record of `formId` matching the condition, or once without a form); `date` fires
 * daily at `time` for records whose date `field` plus `offset` is today (`repeat: "yearly"`:
 * ignoring the year, for birthdays); `webhook` is called at `/api/hooks/<hookId>` with the
 * secret; `button` runs on one record from the record page.
 */
export const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('record.created'), formId: id }),
  z.strictObject({
    type: z.literal('record.updated'),
    formId: id,
    fields: z.array(fieldKeySchema).max(100).optional(),
  }),
  z.strictObject({ type: z.literal('record.deleted'), formId: id }),
  z.strictObject({
    type: z.literal('state.changed'),
    formId: id,
    from: z.string().max(64).optional(),
    to: z.string().max(64).optional(),
  }),
  z.strictObject({ type: z.literal('schedule'), cron, timeZone: timeZone.optional(), formId: id.optional() }),
  z.strictObject({
    type: z.literal('date'),
    formId: id,
    field: fieldKeySchema,
    offset: offset.default('0d'),
    repeat: z.literal('yearly').optional(),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('08:00'),
    timeZone: timeZone.optional(),
  }),
  z.strictObject({ type: z.literal('sla.breached'), formId: id, state: z.string().max(64).optional() }),
  z.strictObject({
    type: z.literal('webhook'),
    formId: id.optional(),
    /** Generated on save when absent. */
    hookId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/)
      .optional(),
    secret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/)
      .optional(),
    /** Keys the JSON payload must have (else 422). */
    required: z.array(z.string().min(1).max(100)).max(50).optional(),
  }),
  z.strictObject({ type: z.literal('button'), formId: id, label: safeText(100).optional() }),
]);

export type Trigger = z.infer<typeof triggerSchema>;

const recipients = z.strictObject({
  users: z.array(template).max(100).optional(),
  roles: z.array(id).max(50).optional(),
  /** The trigger record's owner. */
  owner: z.boolean().optional(),
  /** The automation's author. */
  creator: z.boolean().optional(),
  /** A member field of the trigger record. */
  field: fieldKeySchema.optional(),
});

const simpleActions = [
  z.strictObject({
    type: z.literal('createRecord'),
    formId: id,
    fields: fieldMap,
    ownerId: template.optional(),
  }),
  z.strictObject({
    type: z.literal('updateRecord'),
    fields: fieldMap.optional(),
    ownerId: template.optional(),
    /** Absent: the trigger record. Else every live record of `formId` matching `filter` (values may be templates). */
    where: z
      .strictObject({
        formId: id,
        filter: filterSchema,
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .optional(),
  }),
  z.strictObject({ type: z.literal('upsert'), formId: id, key: fieldKeySchema, fields: fieldMap }),
  z.strictObject({
    type: z.literal('setState'),
    to: z.string().min(1).max(64),
    comment: template.optional(),
  }),
  z
    .strictObject({
      type: z.literal('assign'),
      strategy: z.enum(['fixed', 'roundRobin', 'leastLoaded']),
      userId: template.optional(),
      departmentId: id.optional(),
    })
    .refine(
      (a) => (a.strategy === 'fixed' ? !!a.userId : !!a.departmentId),
      'fixed needs userId; roundRobin and leastLoaded need departmentId',
    ),
  z.strictObject({
    type: z.literal('notify'),
    to: recipients,
    title: template.min(1),
    body: template.optional(),
  }),
  z.strictObject({
    type: z.literal('webhook'),
    url: template.min(1),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), template).optional(),
    body: z.unknown().optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  }),
  z
    .strictObject({ type: z.literal('wait'), for: offset.optional(), until: template.optional() })
    .refine((a) => !!a.for !== !!a.until, 'give either "for" or "until"'),
] as const;

type SimpleAction = z.infer<(typeof simpleActions)[number]>;
export type BranchAction = { type: 'branch'; if: Filter; then: Action[]; else?: Action[] };
/** One step; `branch` nests further steps. */
export type Action = SimpleAction | BranchAction;
export type ActionType = Action['type'];

export const actionSchema: z.ZodType<Action> = z.lazy(() =>
  z.union([
    ...simpleActions,
    z.strictObject({
      type: z.literal('branch'),
      if: filterSchema,
      then: z.array(actionSchema).max(50),
      else: z.array(actionSchema).max(50).optional(),
    }),
  ]),
) as unknown as z.ZodType<Action>;

export const optionsSchema = z.strictObject({
  /** Retries of a failed action (with backoff 30 s, 2 min, 10 min) before the run fails. */
  retries: z.number().int().min(0).max(10).default(3),
  /** A schedule missed while the server was down: run it once on start-up, or skip it. */
  catchUp: z.enum(['once', 'skip']).default('once'),
});

/**
 * An automation: when `trigger`, if `condition` (the filter language, on the trigger record;
 * for schedule and date triggers it selects the records), then `actions` in order.
 *
 * @example {"name": "跟进提醒", "trigger": {"type": "record.created", "formId": "frm_…"},
 *   "condition": {"field": "followUp", "op": "isNotEmpty"},
 *   "actions": [{"type": "createRecord", "formId": "frm_tasks", "fields": {"title": "跟进 {{record.customer.name}}", "owner": "{{record.owner}}", "due": "{{today + 3d}}"}}]}
 */
export const automationSchema = z.strictObject({
  $schema: z.string().max(200).optional(),
  id: id.optional(),
  appId: id.optional(),
  name: safeText(200).min(1),
  description: safeText(2000).optional(),
  enabled: z.boolean().default(true),
  trigger: triggerSchema,
  condition: filterSchema.optional(),
  actions: z.array(actionSchema).min(1).max(50),
  options: optionsSchema.optional(),
  /** Read-only properties of a stored automation, accepted (and ignored) so GET → PUT round-trips. */
  version: z.number().int().optional(),
  createdBy: z.string().max(40).nullish(),
  createdAt: z.string().max(40).optional(),
  updatedAt: z.string().max(40).optional(),
});

export type AutomationInput = z.infer<typeof automationSchema>;
export type AutomationDef = Omit<
  AutomationInput,
  '$schema' | 'id' | 'appId' | 'version' | 'createdBy' | 'createdAt' | 'updatedAt'
>;

/** A stored automation as the API answers it. */
export interface Automation extends AutomationDef {
  id: string;
  appId: string;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const runStatuses = ['running', 'waiting', 'succeeded', 'failed', 'skipped', 'loop_cut'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const runsQuery = z.strictObject({
  status: z.enum(runStatuses).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  recordId: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const runBody = z.strictObject({ recordId: z.string().min(1).max(40) });
export const testBody = z.strictObject({
  recordId: z.string().min(1).max(40).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});
