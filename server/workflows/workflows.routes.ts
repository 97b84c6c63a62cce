import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { assertManage } from '../permissions/access.js';
import { assertInScope, checkWritableInState, recordContext } from '../permissions/record-access.js';
import { selectRows, updateRows } from '../records/record-table.js';
import { writeRecord } from '../records/record-op.js';
import { loadRecord } from '../records/records.write.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { deadlineOf, scanFormNow } from './sla.js';
import { workflowSchema } from './workflow.schema.js';
import { checkWorkflow } from './workflow-check.js';
import { availableTransitions, transitionRecord } from './workflows.service.js';
import { findWorkflow, saveWorkflow } from './workflows.repository.js';

const transitionBody = z.strictObject({
  to: z.string().max(64),
  comment: z.string().max(2000).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int().optional(),
});

const mayManage = (c: Context<AppEnv>, appId: string, formId: string) =>
  assertManage(c.var.deps.db, c.var.user, appId, formId, 'You may not change the workflow of this form');

/** A form's workflow and record transitions: /api/forms/:formId/workflow, …/records/:id/transition. */
export const workflowsRoutes = new Hono<AppEnv>()
  .get(
    '/:formId/workflow',
    describeRoute({
      tags: ['workflows'],
      summary: "The form's workflow: states, transitions, time limits, department variants",
    }),
    async (c) => {
      const db = c.var.deps.db;
      await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const wf = await findWorkflow(db, c.req.param('formId'));
      if (!wf) throw notFound('Workflow');
      return c.json(wf);
    },
  )
  .put(
    '/:formId/workflow',
    describeRoute({
      tags: ['workflows'],
      summary: 'Replace the workflow (409 on an outdated version; 422 naming each problem)',
    }),
    valid('json', workflowSchema),
    async (c) => {
      const deps = c.var.deps;
      const wf = c.req.valid('json');
      const out = await deps.db.transaction().execute(async (tx) => {
        const rc = await recordContext(tx, deps, c.var.user, c.req.param('formId'), 'read');
        await mayManage(c, rc.model.def.appId, rc.model.def.id);
        const current = await findWorkflow(tx, rc.model.def.id);
        if (current && wf.version !== undefined && wf.version !== current.version)
          throw conflict(`The workflow was changed by someone else (version ${current.version}); reload it`);
        const { errors, warnings } = checkWorkflow(wf, rc.model);
        if (errors.length) throw invalid(`${errors[0].path}: ${errors[0].message}`, errors);
        // Records in a state that no longer exists would be stranded: say how many, and where.
        const keys = wf.states.map((s) => s.key);
        const stranded = (await selectRows(tx, rc.model)
          .select(['state'])
          .select((eb) => eb.fn.countAll().as('n'))
          .where('state', 'is not', null)
          .where('state', 'not in', keys)
          .groupBy('state')
          .execute()) as { state: string; n: number }[];
        if (stranded.length)
          throw invalid(
            'Some records are in states this workflow removes; move them first',
            stranded.map((s) => ({
              path: '/states',
              message: `${Number(s.n)} record(s) are in "${s.state}"`,
              code: 'stranded_records' as const,
              params: { count: Number(s.n), state: s.state },
            })),
          );
        const at = iso(deps.clock.now());
        const version = (current?.version ?? 0) + 1;
        await saveWorkflow(tx, rc.model.def.id, wf, version, c.var.user.id, at);
        // Records without a state start in the initial one.
        await updateRows(tx, rc.model)
          .set({ state: wf.initial, state_entered_at: at })
          .where('state', 'is', null)
          .execute();
        await auditFrom(
          c,
          {
            action: 'form.updated',
            targetType: 'workflow',
            targetId: rc.model.def.id,
            summary: `workflow v${version}`,
          },
          tx,
        );
        return { ...(await findWorkflow(tx, rc.model.def.id))!, warnings };
      });
      return c.json(out);
    },
  )
  .post(
    '/:formId/records/:recordId/transition',
    describeRoute({
      tags: ['workflows'],
      summary: 'Move a record to another state (403/409/422 with the reason)',
    }),
    valid('json', transitionBody),
    async (c) => {
      const body = c.req.valid('json');
      const recordId = c.req.param('recordId');
      const user = c.var.user;
      const out = await writeRecord(c, {
        formId: c.req.param('formId'),
        action: 'update',
        recordId,
        present: 'detail',
        run: async (tx, rc) => {
          if (body.fields) await checkWritableInState(tx, rc, recordId, body.fields);
          const actor = { userId: user.id, departmentId: user.mainDepartmentId };
          return transitionRecord(c.var.deps, tx, rc.model, recordId, body, actor, {
            user,
            readOf: rc.readOf,
          });
        },
        audit: (rec, rc) => ({
          action: 'record.transitioned',
          targetType: rc.model.def.id,
          targetId: rec.id,
          summary: `to ${rec.state}`,
        }),
      });
      return c.json(out);
    },
  )
  .post(
    '/:formId/workflow/sla-scan',
    describeRoute({
      tags: ['workflows'],
      summary:
        "Check this form's time limits now instead of at the next minute (managers of the form); answers the escalation steps taken",
    }),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'read');
      await mayManage(c, rc.model.def.appId, rc.model.def.id);
      if (!(await findWorkflow(deps.db, rc.model.def.id))) throw notFound('Workflow');
      const t0 = performance.now();
      const escalations = await scanFormNow(deps, rc.model.def.id);
      return c.json({ escalations, ms: Math.round(performance.now() - t0) });
    },
  )
  .get(
    '/:formId/records/:recordId/workflow',
    describeRoute({
      tags: ['workflows'],
      summary: 'Where a record stands: state, time in state, deadline, the moves the caller may make',
    }),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'read');
      await assertInScope(deps.db, rc, c.req.param('recordId'), 'read');
      const wf = await findWorkflow(deps.db, rc.model.def.id);
      if (!wf) throw notFound('Workflow');
      const rec = await loadRecord(deps.db, rc.model, c.req.param('recordId'));
      const { transitions, variant, sla } = await availableTransitions(deps.db, wf, rec, c.var.user);
      const dl = deadlineOf(wf, sla, rec, deps.config.timeZone);
      const now = deps.clock.now();
      return c.json({
        state: rec.state,
        stateLabel: wf.states.find((s) => s.key === rec.state)?.label ?? rec.state,
        enteredAt: rec.stateEnteredAt ?? null,
        timeInStateMs: rec.stateEnteredAt ? now.getTime() - new Date(rec.stateEnteredAt).getTime() : null,
        deadline: dl?.deadline ?? null,
        overdue: dl ? dl.deadline < iso(now) : false,
        variant: variant ?? null,
        transitions: rc.access.actions.has('update') ? transitions : [],
      });
    },
  );
