import type { Db } from '../db/database.js';
import type { Sla, Transition, Workflow } from './workflow.schema.js';

export interface EffectiveWorkflow {
  transitions: Transition[];
  sla: Sla[];
  /** The variant that applied, if any. */
  variant?: { departmentId: string; name?: string };
}

/** A department and its ancestors, nearest first. */
export async function departmentAncestry(db: Db, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
  const parent = new Map(all.map((d) => [d.id, d.parent_id]));
  const out: string[] = [];
  for (let d: string | null | undefined = departmentId; d && !out.includes(d); d = parent.get(d)) out.push(d);
  return out;
}

/**
 * The rules that apply to a record: the variant of its department (or of the nearest ancestor
 * that has one) replaces the transitions and/or time limits it defines.
 */
export function effectiveWorkflow(wf: Workflow, ancestry: string[]): EffectiveWorkflow {
  for (const dep of ancestry) {
    const v = wf.variants.find((x) => x.departmentId === dep);
    if (v)
      return {
        transitions: v.transitions ?? wf.transitions,
        sla: v.sla ?? wf.sla,
        variant: { departmentId: v.departmentId, name: v.name },
      };
  }
  return { transitions: wf.transitions, sla: wf.sla };
}

export const fromStates = (t: Transition, all: string[]) =>
  t.from === '*' ? all : Array.isArray(t.from) ? t.from : [t.from];
