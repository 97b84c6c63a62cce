import type { Deps } from '../context.js';
import type { RelationField } from '../fields/types/relation.js';
import type { FormModel } from '../forms/form-model.js';
import type { FormDef } from '../forms/forms.schema.js';
import { loadModel } from '../forms/model-cache.js';
import { dyn } from '../records/records.repository.js';
import { type Actor, createRecords } from '../records/records.write.js';
import { iso } from '../shared/clock.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import type { SampleBlock } from './sample-data.js';

const chunk = <T>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Blocks whose forms are relation targets go first, so relation values find their records. */
function ordered(blocks: Array<SampleBlock & { index: number }>, defs: Map<string, FormDef>) {
  const out: typeof blocks = [];
  const visiting = new Set<string>();
  const visit = (b: (typeof blocks)[number]) => {
    if (out.includes(b) || visiting.has(b.form)) return;
    visiting.add(b.form);
    const def = defs.get(b.form);
    const byId = new Map([...defs.values()].map((d) => [d.id, d.key]));
    for (const f of def?.fields ?? [])
      if (f.type === 'relation' && !(f as RelationField).reverseOf)
        blocks.filter((x) => x.form === byId.get((f as RelationField).formId)).forEach(visit);
    out.push(b);
  };
  blocks.forEach(visit);
  return out;
}

/** Existing ids among those named, for member and department values from another server. */
async function existing(deps: Deps, table: 'users' | 'departments', ids: Set<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunk([...ids], 500))
    for (const r of await deps.db.selectFrom(table).select('id').where('id', 'in', part).execute())
      found.add(r.id);
  return found;
}

/**
 * Inserts sample records through createRecords (validated, batched), in one transaction with the
 * install (`deps.db`). `$me`/`$myDepartment` become the installer; people and departments that do
 * not exist here, attachments and read-only fields are left out; relation values name records by
 * `ref`. Records are put in their workflow `state`, and their outbox events are marked done so
 * sample data does not set automations off. Answers how many records were created.
 */
export async function insertSampleData(
  deps: Deps,
  defs: Map<string, FormDef>,
  blocks: SampleBlock[],
  actor: Actor & { userId: string },
): Promise<number> {
  const refs = new Map<string, string>();
  const named = { users: new Set<string>(), departments: new Set<string>() };
  for (const b of blocks)
    for (const r of b.records)
      for (const v of Object.values(r.fields))
        for (const x of [v].flat())
          if (typeof x === 'string' && /^(usr|dep)_[0-9a-z]{18}$/.test(x))
            named[x.startsWith('usr') ? 'users' : 'departments'].add(x);
  const users = await existing(deps, 'users', named.users);
  const departments = await existing(deps, 'departments', named.departments);
  const at = iso(deps.clock.now());
  let total = 0;

  const valueFor = (m: FormModel, key: string, v: unknown): unknown => {
    const f = m.byKey.get(key);
    if (!f || f.type.computed || f.def.type === 'attachment' || (f.def as RelationField).reverseOf)
      return undefined;
    const one = (x: unknown) => {
      if (f.def.type === 'member') return x === '$me' ? actor.userId : users.has(x as string) ? x : undefined;
      if (f.def.type === 'department')
        return x === '$myDepartment'
          ? (actor.departmentId ?? undefined)
          : departments.has(x as string)
            ? x
            : undefined;
      if (f.def.type === 'relation') return refs.get(String(x));
      return x;
    };
    if (['member', 'department', 'relation'].includes(f.def.type)) {
      if (Array.isArray(v)) return v.map(one).filter((x) => x !== undefined);
      return one(v);
    }
    return v;
  };

  for (const block of ordered(
    blocks.map((b, index) => ({ ...b, index })),
    defs,
  )) {
    const def = defs.get(block.form);
    if (!def || !block.records.length) continue;
    const model = await loadModel(deps.db, def.id);
    const wf = await findWorkflow(deps.db, def.id);
    const states = new Set(wf?.states.map((s) => s.key));
    for (const [c, part] of chunk(block.records, 500).entries()) {
      const inputs = part.map((r) => ({
        fields: Object.fromEntries(
          Object.entries(r.fields)
            .map(([k, v]) => [k, valueFor(model, k, v)])
            .filter(([, v]) => v !== undefined),
        ),
      }));
      const created = await createRecords(
        deps,
        deps.db,
        model,
        inputs,
        actor,
        (i) => `/sampleData/${block.index}/records/${c * 500 + i}/fields`,
      );
      created.forEach((rec, i) => part[i].ref && refs.set(part[i].ref!, rec.id));
      const byState = new Map<string, string[]>();
      part.forEach(
        (r, i) =>
          r.state &&
          states.has(r.state) &&
          byState.set(r.state, [...(byState.get(r.state) ?? []), created[i].id]),
      );
      for (const [state, ids] of byState)
        await dyn(deps.db)
          .updateTable(model.table)
          .set({ state, state_entered_at: at })
          .where('id', 'in', ids)
          .execute();
      await deps.db
        .updateTable('outbox')
        .set({ done_at: at })
        .where(
          'record_id',
          'in',
          created.map((x) => x.id),
        )
        .where('done_at', 'is', null)
        .execute();
      total += created.length;
    }
  }
  return total;
}
