import type { Db } from '../db/database.js';
import { toAutomation } from './automations.repository.js';
import type { Automation, Trigger } from './automations.schema.js';

/** Which trigger type each outbox event can fire (one each). */
export const triggerOfEvent: Record<string, Trigger['type']> = {
  'record.created': 'record.created',
  'record.updated': 'record.updated',
  'record.deleted': 'record.deleted',
  'record.transitioned': 'state.changed',
  'record.sla_breached': 'sla.breached',
};

const eventTriggers = [...new Set(Object.values(triggerOfEvent))];

// Parsed definitions by automation id. A definition never changes under the same version (every
// save is a new version), so an entry is right whenever the version the database answers matches.
const parsed = new Map<string, Automation>();
const maxParsed = 5000;

/**
 * The enabled automations listening to record events on each of `formIds`, oldest first. One
 * small query per call reads ids and versions, so an automation created, changed or disabled
 * by any process is seen by the next batch; only new versions are fetched and parsed.
 */
export async function watchersByForm(db: Db, formIds: string[]): Promise<Map<string, Automation[]>> {
  const out = new Map<string, Automation[]>();
  if (!formIds.length) return out;
  const rows = await db
    .selectFrom('automations')
    .select(['id', 'form_id', 'version'])
    .where('form_id', 'in', formIds)
    .where('enabled', '=', 1)
    .where('trigger_type', 'in', eventTriggers)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const missing = rows.filter((r) => parsed.get(r.id)?.version !== r.version).map((r) => r.id);
  if (missing.length) {
    if (parsed.size + missing.length > maxParsed) parsed.clear();
    for (const row of await db.selectFrom('automations').selectAll().where('id', 'in', missing).execute())
      parsed.set(row.id, toAutomation(row));
  }
  for (const r of rows) {
    const a = parsed.get(r.id);
    // Saved again between the two queries: the newer version counts (unless it disables it).
    if (!a || a.version < r.version || !a.enabled) continue;
    const list = out.get(r.form_id!) ?? [];
    list.push(a);
    out.set(r.form_id!, list);
  }
  return out;
}
