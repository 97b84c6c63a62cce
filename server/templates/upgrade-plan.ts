import type { FormDef } from '../forms/forms.schema.js';
import type { AppParts } from './app-parts.js';
import type { TargetForm } from './apply-forms.js';
import { type KeyMaps, merge3, renameParts } from './merge3.js';
import type { TemplateParts } from './template-check.js';
import type { TemplateState } from './template-state.js';
import type { TemplateField } from './template.schema.js';

/** One line of an upgrade plan. */
export interface PlanItem {
  kind: 'form' | 'field' | 'view' | 'workflow' | 'automation' | 'dashboard' | 'role';
  /** add / change: the upgrade does it; keep: left as the app has it (reported); conflict: both changed, the app's kept. */
  action: 'add' | 'change' | 'keep' | 'conflict';
  form?: string;
  key: string;
  properties?: string[];
  message: string;
}

export interface UpgradePlan {
  templateId: string;
  from: string;
  to: string;
  noChanges: boolean;
  items: PlanItem[];
}

type Part<K extends keyof TemplateParts> = TemplateParts[K][number];

/** What applying a plan writes. */
export interface UpgradeWork {
  targets: TargetForm[];
  views: Array<{ value: Part<'views'>; id?: string; path: string; idKey: string }>;
  workflows: Array<{ value: Part<'workflows'>; path: string }>;
  automations: Array<{ value: Part<'automations'>; id?: string; path: string }>;
  dashboards: Array<{ value: Part<'dashboards'>; id?: string; path: string }>;
  roles: Array<{ value: Part<'roles'>; id?: string }>;
}

const formProps = ({
  name,
  description,
  icon,
  layout,
  titleField,
}: Omit<TargetForm, 'fields' | 'dirty' | 'index'>) => ({ name, description, icon, layout, titleField });

function keyMaps(state: TemplateState, defs: FormDef[]): KeyMaps {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const def = (formKey: string) => byId.get(state.ids.forms[formKey]);
  return {
    form: (k) => def(k)?.key ?? k,
    field: (fk, k) => {
      const id = state.ids.fields[fk]?.[k];
      const d = def(fk);
      return (id && d && [...d.fields, ...(d.removedFields ?? [])].find((x) => x.id === id)?.key) || k;
    },
  };
}

/**
 * The three-way plan of an upgrade: base = the snapshot installed, theirs = the new template,
 * ours = the app now. Users' data and changes stay: renamed fields keep their names, added fields
 * stay, fields the template drops are kept with their data (reported); what the template changed
 * and the user did not is updated; new forms, fields, views, … are added.
 */
export function planUpgrade(
  state: TemplateState,
  theirsRaw: TemplateParts,
  version: string,
  ours: AppParts,
): { plan: UpgradePlan; work: UpgradeWork } {
  const maps = keyMaps(state, ours.defs);
  const base = renameParts(state.snapshot, maps);
  const theirs = renameParts(theirsRaw, maps);
  const items: PlanItem[] = [];
  const work: UpgradeWork = {
    targets: [],
    views: [],
    workflows: [],
    automations: [],
    dashboards: [],
    roles: [],
  };
  const defsById = new Map(ours.defs.map((d) => [d.id, d]));

  theirs.forms.forEach((tf, ti) => {
    const bf = base.forms.find((f) => f.key === tf.key);
    const formId = state.ids.forms[tf.key];
    const def = formId ? defsById.get(formId) : undefined;
    if (formId && !def)
      return items.push({
        kind: 'form',
        action: 'keep',
        key: tf.key,
        message: 'deleted in this app; not re-created',
      });
    if (!def) {
      if (ours.defs.some((d) => d.key === tf.key))
        return items.push({
          kind: 'form',
          action: 'conflict',
          key: tf.key,
          message: 'the app has its own form with this key; left alone',
        });
      work.targets.push({ ...tf, dirty: true, index: ti });
      return items.push({ kind: 'form', action: 'add', key: tf.key, message: `new form 「${tf.name}」` });
    }
    const of = ours.forms[ours.defs.indexOf(def)];
    const props = merge3(bf && formProps(bf), formProps(tf), formProps(of));
    if (props.changed.length)
      items.push({
        kind: 'form',
        action: 'change',
        key: def.key,
        properties: props.changed,
        message: 'updated from the template',
      });
    if (props.conflicts.length)
      items.push({
        kind: 'form',
        action: 'conflict',
        key: def.key,
        properties: props.conflicts,
        message: 'changed in this app and in the template; yours kept',
      });
    const fields: Array<TemplateField & { id?: string }> = of.fields.map((f) => ({
      ...f,
      id: def.fields.find((x) => x.key === f.key)!.id,
    }));
    let dirty = props.changed.length > 0;
    tf.fields.forEach((tfld, fi) => {
      const id = state.ids.fields[tf.key]?.[tfld.key];
      const bfld = bf?.fields.find((x) => x.key === tfld.key);
      const at = { kind: 'field' as const, form: def.key, key: tfld.key };
      if (id) {
        const i = fields.findIndex((x) => x.id === id);
        if (i < 0) return items.push({ ...at, action: 'keep', message: 'removed in this app; not restored' });
        const { id: _id, ...current } = fields[i];
        const m = merge3(bfld, tfld, current as TemplateField);
        if (m.changed.length) {
          fields[i] = { ...m.value, id };
          dirty = true;
          items.push({
            ...at,
            key: current.key,
            action: 'change',
            properties: m.changed,
            message: 'updated from the template',
          });
        }
        if (m.conflicts.length)
          items.push({
            ...at,
            key: current.key,
            action: 'conflict',
            properties: m.conflicts,
            message: 'changed in this app and in the template; yours kept',
          });
        return;
      }
      if (fields.some((x) => x.key === tfld.key))
        return items.push({
          ...at,
          action: 'conflict',
          message: 'the app has its own field with this key; yours kept',
        });
      const prev = tf.fields[fi - 1];
      const prevId = prev && state.ids.fields[tf.key]?.[prev.key];
      const after = prev ? fields.findIndex((x) => (prevId && x.id === prevId) || x.key === prev.key) : -1;
      fields.splice(after < 0 ? fields.length : after + 1, 0, tfld);
      items.push({ ...at, action: 'add', message: `new field 「${tfld.label}」` });
    });
    for (const bfld of bf?.fields ?? [])
      if (
        !tf.fields.some((x) => x.key === bfld.key) &&
        fields.some((x) => x.id === state.ids.fields[tf.key]?.[bfld.key])
      )
        items.push({
          kind: 'field',
          form: def.key,
          key: bfld.key,
          action: 'keep',
          message: 'removed from the template; kept with its data',
        });
    if (dirty || fields.some((f) => !f.id))
      work.targets.push({ ...of, ...props.value, key: def.key, id: def.id, fields, dirty, index: ti });
  });

  for (const bf of base.forms)
    if (!theirs.forms.some((f) => f.key === bf.key) && defsById.has(state.ids.forms[bf.key]))
      items.push({
        kind: 'form',
        key: bf.key,
        action: 'keep',
        message: 'removed from the template; kept with its data',
      });
  planViews(state, base, theirs, theirsRaw, ours, items, work);
  planByKey(
    'workflow',
    base.workflows,
    theirs.workflows,
    (w) => w.form,
    (w) => ours.workflows.find((o) => o.form === w.form),
    items,
    (value, i) => work.workflows.push({ value, path: `/workflows/${i}` }),
  );
  planTracked(
    'automation',
    base.automations,
    theirs.automations,
    state.ids.automations,
    ours.automationIds,
    ours.automations,
    items,
    (value, i, id) => work.automations.push({ value, id, path: `/automations/${i}` }),
  );
  planTracked(
    'dashboard',
    base.dashboards,
    theirs.dashboards,
    state.ids.dashboards,
    ours.dashboardIds,
    ours.dashboards,
    items,
    (value, i, id) => work.dashboards.push({ value, id, path: `/dashboards/${i}` }),
  );
  planTracked(
    'role',
    base.roles,
    theirs.roles,
    state.ids.roles,
    ours.roleIds,
    ours.roles,
    items,
    (value, _i, id) => work.roles.push({ value, id }),
  );
  return {
    plan: {
      templateId: state.templateId,
      from: state.version,
      to: version,
      noChanges: !items.some((x) => x.action === 'add' || x.action === 'change'),
      items,
    },
    work,
  };
}

function planViews(
  state: TemplateState,
  base: TemplateParts,
  theirs: TemplateParts,
  theirsRaw: TemplateParts,
  ours: AppParts,
  items: PlanItem[],
  work: UpgradeWork,
) {
  const rawBase = state.snapshot.views;
  theirs.views.forEach((tv, i) => {
    const idKey = `${theirsRaw.views[i].form}/${tv.key}`;
    const id = state.ids.views[idKey];
    const at = { kind: 'view' as const, form: tv.form, key: tv.key };
    if (!id) {
      if (ours.views.some((v) => v.form === tv.form && v.name === tv.name))
        return items.push({
          ...at,
          action: 'conflict',
          message: 'the app has its own view with this name; yours kept',
        });
      work.views.push({ value: tv, path: `/views/${i}`, idKey });
      return items.push({ ...at, action: 'add', message: `new view 「${tv.name}」` });
    }
    const oi = ours.viewIds.indexOf(id);
    if (oi < 0) return items.push({ ...at, action: 'keep', message: 'deleted in this app; not re-created' });
    const bi = rawBase.findIndex((v) => `${v.form}/${v.key}` === idKey);
    record(
      items,
      at,
      merge3(bi >= 0 ? base.views[bi] : undefined, tv, ours.views[oi], ['position']),
      (value) => work.views.push({ value, id, path: `/views/${i}`, idKey }),
    );
  });
  rawBase.forEach((bv, i) => {
    const idKey = `${bv.form}/${bv.key}`;
    if (
      !theirsRaw.views.some((v) => `${v.form}/${v.key}` === idKey) &&
      ours.viewIds.includes(state.ids.views[idKey])
    )
      items.push({
        kind: 'view',
        form: base.views[i].form,
        key: bv.key,
        action: 'keep',
        message: 'removed from the template; kept',
      });
  });
}

function record<T>(
  items: PlanItem[],
  at: Pick<PlanItem, 'kind' | 'form' | 'key'>,
  m: { value: T; changed: string[]; conflicts: string[] },
  apply: (value: T) => void,
) {
  if (m.changed.length) {
    items.push({ ...at, action: 'change', properties: m.changed, message: 'updated from the template' });
    apply(m.value);
  }
  if (m.conflicts.length)
    items.push({
      ...at,
      action: 'conflict',
      properties: m.conflicts,
      message: 'changed in this app and in the template; yours kept',
    });
}

function planByKey<T extends object>(
  kind: PlanItem['kind'],
  base: T[],
  theirs: T[],
  keyOf: (x: T) => string,
  oursOf: (x: T) => T | undefined,
  items: PlanItem[],
  apply: (value: T, i: number) => void,
) {
  theirs.forEach((t, i) => {
    const o = oursOf(t);
    const at = { kind, key: keyOf(t) };
    if (!o) {
      items.push({ ...at, action: 'add', message: 'new from the template' });
      return apply(t, i);
    }
    record(
      items,
      at,
      merge3(
        base.find((b) => keyOf(b) === keyOf(t)),
        t,
        o,
      ),
      (v) => apply(v, i),
    );
  });
  for (const b of base)
    if (!theirs.some((t) => keyOf(t) === keyOf(b)) && oursOf(b))
      items.push({ kind, key: keyOf(b), action: 'keep', message: 'removed from the template; kept' });
}

function planTracked<T extends { key: string; name: string }>(
  kind: PlanItem['kind'],
  base: T[],
  theirs: T[],
  ids: Record<string, string>,
  ourIds: string[],
  ours: T[],
  items: PlanItem[],
  apply: (value: T, i: number, id?: string) => void,
) {
  theirs.forEach((t, i) => {
    const id = ids[t.key];
    const at = { kind, key: t.key };
    if (!id) {
      if (ours.some((o) => o.name === t.name))
        return items.push({
          ...at,
          action: 'conflict',
          message: 'the app has its own one with this name; yours kept',
        });
      items.push({ ...at, action: 'add', message: `new 「${t.name}」` });
      return apply(t, i);
    }
    const oi = ourIds.indexOf(id);
    if (oi < 0) return items.push({ ...at, action: 'keep', message: 'deleted in this app; not re-created' });
    record(
      items,
      at,
      merge3(
        base.find((b) => b.key === t.key),
        t,
        { ...ours[oi], key: t.key },
      ),
      (v) => apply(v, i, id),
    );
  });
  for (const b of base)
    if (!theirs.some((t) => t.key === b.key) && ourIds.includes(ids[b.key]))
      items.push({ kind, key: b.key, action: 'keep', message: 'removed from the template; kept' });
}
