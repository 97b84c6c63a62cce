import { loadCurrentUser } from '../auth/auth.service.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { type ErrorDetail, invalid } from '../errors.js';
import { checkFilter } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { recordContext } from '../permissions/record-access.js';
import type { Action, AutomationDef } from './automations.schema.js';
import { automationFilterContext } from './scope.js';
import { templateErrors } from './template.js';

const hasTemplate = (v: unknown) => JSON.stringify(v ?? null).includes('{{');
const systemKeys = new Set(['ownerId', 'departmentId', 'state']);

/**
 * Checks an automation against the forms it names: every form exists and belongs to this app
 * (the trigger's and those its actions read or write), field keys exist, filters fit their form,
 * templates are well-formed. 422 with every problem.
 */
export async function checkAutomation(
  db: Db,
  deps: Deps,
  appId: string,
  def: AutomationDef,
  author: string | null,
): Promise<void> {
  const errors: ErrorDetail[] = [];
  const models = new Map<string, FormModel | null>();
  const model = async (formId: string) => {
    if (!models.has(formId)) models.set(formId, await loadModel(db, formId).catch(() => null));
    return models.get(formId)!;
  };
  const fieldsExist = (m: FormModel, fields: Record<string, unknown> | undefined, path: string) => {
    for (const k of Object.keys(fields ?? {}))
      if (!m.byKey.has(k))
        errors.push({ path: `${path}/${k}`, message: `"${m.def.name}" has no field "${k}"` });
  };
  // Filters may only name fields the author may see: a condition over a hidden field would tell them its values.
  const authorUser = author ? await loadCurrentUser(db, author, 'token') : undefined;
  const filterFits = async (m: FormModel, filter: unknown, path: string) => {
    if (hasTemplate(filter)) return;
    const fctx = automationFilterContext(deps, m, { createdBy: author });
    if (authorUser && !authorUser.isAdmin)
      fctx.fields = (await recordContext(db, deps, authorUser, m.def.id)).fctx.fields;
    errors.push(...checkFilter(filter as never, fctx, path));
  };

  /** A form an action names, or an error at `path` when it is missing or belongs to another app. */
  const ownForm = async (formId: string, path: string) => {
    const m = await model(formId);
    if (!m) errors.push({ path, message: 'no such form' });
    else if (m.def.appId !== appId)
      errors.push({
        path,
        message: `"${m.def.name}" is a form of another app; an automation may only use forms of its own app`,
      });
    return m && m.def.appId === appId ? m : null;
  };

  const t = def.trigger;
  const formId = 'formId' in t ? t.formId : undefined;
  const trigger = formId ? await model(formId) : undefined;
  if (formId && (!trigger || trigger.def.appId !== appId))
    errors.push({ path: '/trigger/formId', message: 'no such form in this app' });
  if (trigger) {
    if (t.type === 'record.updated')
      (t.fields ?? []).forEach(
        (k, i) =>
          !trigger.byKey.has(k) &&
          !systemKeys.has(k) &&
          errors.push({ path: `/trigger/fields/${i}`, message: `no field "${k}"` }),
      );
    if (t.type === 'date') {
      const f = trigger.byKey.get(t.field);
      if (!f || !['date', 'datetime'].includes(f.kind))
        errors.push({ path: '/trigger/field', message: 'must be a date or date-time field' });
      else if (t.repeat === 'yearly' && f.kind !== 'date')
        errors.push({ path: '/trigger/repeat', message: 'yearly needs a date field' });
    }
    if (def.condition) await filterFits(trigger, def.condition, '/condition');
    if (def.condition && t.type === 'webhook')
      errors.push({
        path: '/condition',
        message: 'a webhook has no trigger record to test; a condition cannot apply',
      });
  } else if (def.condition && !formId)
    errors.push({ path: '/condition', message: 'a condition needs a trigger with a form' });

  const visit = async (actions: Action[], prefix: string) => {
    for (const [i, a] of actions.entries()) {
      const path = `${prefix}/${i}`;
      const needsRecord =
        (a.type === 'updateRecord' && !a.where) || a.type === 'setState' || a.type === 'assign';
      if (needsRecord && !trigger)
        errors.push({
          path: `${path}/type`,
          message: `${a.type} acts on the trigger record, and this trigger has none`,
        });
      if (a.type === 'createRecord' || a.type === 'upsert') {
        const m = await ownForm(a.formId, `${path}/formId`);
        if (m) {
          fieldsExist(m, a.fields, `${path}/fields`);
          if (a.type === 'upsert' && !m.byKey.has(a.key))
            errors.push({ path: `${path}/key`, message: `no field "${a.key}"` });
          if (a.type === 'upsert' && !(a.key in a.fields))
            errors.push({ path: `${path}/fields`, message: `must give the key field "${a.key}"` });
        }
      }
      if (a.type === 'updateRecord') {
        const m = a.where ? await ownForm(a.where.formId, `${path}/where/formId`) : trigger;
        if (m) fieldsExist(m, a.fields, `${path}/fields`);
        if (m && a.where) await filterFits(m, a.where.filter, `${path}/where/filter`);
      }
      if (a.type === 'notify' && a.to.field && trigger && !trigger.byKey.has(a.to.field))
        errors.push({ path: `${path}/to/field`, message: `no field "${a.to.field}"` });
      if (a.type === 'branch') {
        if (!trigger)
          errors.push({
            path: `${path}/if`,
            message: 'a branch tests the trigger record, and this trigger has none',
          });
        else await filterFits(trigger, a.if, `${path}/if`);
        await visit(a.then, `${path}/then`);
        await visit(a.else ?? [], `${path}/else`);
      }
    }
  };
  await visit(def.actions, '/actions');
  errors.push(...templateErrors(def.actions, '/actions'), ...templateErrors(def.condition, '/condition'));
  if (errors.length) throw invalid(errors[0].message, errors);
}
