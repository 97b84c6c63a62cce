import { z } from 'zod';
import { safeText } from '../forms/forms.schema.js';

const key = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be an identifier');
const fieldRef = z.string().max(80);

/** Who may make a transition; any listed kind suffices. Admins always may. Absent = anyone who may update the record. */
export const allowSchema = z.strictObject({
  roles: z.array(z.string().max(40)).max(50).optional(),
  /** Members of these departments or their sub-departments. */
  departments: z.array(z.string().max(40)).max(50).optional(),
  /** The record's owner. */
  owner: z.boolean().optional(),
  /** Users named in these member fields of the record (e.g. 负责人). */
  userFields: z.array(fieldRef).max(10).optional(),
});

export const transitionSchema = z.strictObject({
  key: key.optional(),
  /** One state, several, or "*" for any. */
  from: z.union([z.literal('*'), key, z.array(key).min(1).max(50)]),
  to: key,
  label: safeText(100).optional(),
  allow: allowSchema.optional(),
  /** Fields that must have a value before the move (asked for by the kanban). */
  requiredFields: z.array(fieldRef).max(50).optional(),
  requireComment: z.boolean().optional(),
});

export const notifyTargetSchema = z.union([
  z.enum(['owner', 'departmentHead']),
  z.strictObject({ role: z.string().max(40) }),
  z.strictObject({ userField: fieldRef }),
  z.strictObject({ user: z.string().max(40) }),
]);

export const slaSchema = z.strictObject({
  key: key.optional(),
  /** The state to leave in time. */
  state: key,
  /** The limit, e.g. 24 = "leave within 24 hours". */
  hours: z
    .number()
    .positive()
    .max(24 * 366),
  /** Measured from entering the state (default) or from a date/date-time field. */
  from: z.union([z.literal('enteredState'), fieldRef]).optional(),
  /** Count only working hours (Mon–Fri 09:00–18:00 in the company time zone unless given). */
  businessHours: z
    .union([
      z.boolean(),
      z.strictObject({
        start: z.string().regex(/^\d{2}:\d{2}$/),
        end: z.string().regex(/^\d{2}:\d{2}$/),
        days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
      }),
    ])
    .optional(),
  /** Only for records matching this much of the record (e.g. 优先级 = 高), as a JSON filter. */
  when: z.any().optional(),
  /** Steps, each once per stay in the state: "after 24 h notify the owner; after 72 h move to 已延期". */
  escalations: z
    .array(
      z.strictObject({
        afterHours: z
          .number()
          .positive()
          .max(24 * 366),
        notify: z.array(notifyTargetSchema).max(10).optional(),
        moveTo: key.optional(),
        message: safeText(500).optional(),
      }),
    )
    .max(10)
    .default([]),
});

/**
 * A form's workflow: states, transitions with their guards, time limits with escalation, and
 * per-department variants (a variant for a department also applies to its sub-departments and
 * replaces the transitions and/or time limits it gives).
 */
export const workflowSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.number().int().optional(),
  states: z
    .array(
      z.strictObject({
        key,
        label: safeText(100).min(1),
        color: z.string().max(32).optional(),
        category: z.enum(['todo', 'doing', 'done', 'cancelled']).default('doing'),
        readonlyFields: z.array(fieldRef).max(300).optional(),
      }),
    )
    .min(1)
    .max(50),
  initial: key,
  transitions: z.array(transitionSchema).max(200),
  sla: z.array(slaSchema).max(50).default([]),
  variants: z
    .array(
      z.strictObject({
        departmentId: z.string().max(40),
        name: safeText(100).optional(),
        transitions: z.array(transitionSchema).max(200).optional(),
        sla: z.array(slaSchema).max(50).optional(),
      }),
    )
    .max(50)
    .default([]),
});

export type Workflow = z.infer<typeof workflowSchema>;
export type Transition = z.infer<typeof transitionSchema>;
export type Sla = z.infer<typeof slaSchema>;
