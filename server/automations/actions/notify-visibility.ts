import { loadCurrentUser } from '../../auth/auth.service.js';
import type { Db } from '../../db/database.js';
import type { Deps } from '../../context.js';
import { maskValue } from '../../permissions/mask.js';
import { readerView } from '../../permissions/record-access.js';
import type { TemplateScope } from '../template.js';
import type { RunScope } from '../scope.js';

/** A record's values without the fields a reader may not see, sensitive ones masked. */
function redact(values: Record<string, unknown> | null | undefined, hidden: Set<string>, sensitive: Set<string>): Record<string, unknown> | null | undefined {
  if (!values) return values;
  return Object.fromEntries(Object.entries(values).filter(([k]) => !hidden.has(k)).map(([k, v]) => [k, sensitive.has(k) ? maskValue(v) : v]));
}

/**
 * The template scope as one recipient may see it: a notification must not carry a field hidden
 * from them (on the trigger form or a related one), and sensitive fields arrive masked unless their
 * role shows them in full. Answers a key naming what was hidden, so equal readers share one render.
 */
export async function scopeFor(deps: Deps, db: Db, rs: RunScope, userId: string): Promise<{ key: string; scope: TemplateScope }> {
  if (!rs.model) return { key: '', scope: rs.scope };
  const user = await loadCurrentUser(db, userId, 'token');
  if (!user || user.isAdmin) return { key: '', scope: rs.scope };
  // Lookups and formulas inherit hiding and masking from their sources, as in the records API.
  const view = await readerView(db, deps, user, rs.model.def.id);
  const access = view.access;
  const sensitive = access.sensitiveFull ? new Set<string>() : view.sensitive;
  const hidden = access.actions.has('read') ? access.hidden : new Set(rs.model.fields.map((f) => f.def.key));
  const related: TemplateScope['related'] = {};
  const parts = [[...hidden].sort().join(','), [...sensitive].join(',')];
  for (const [key, records] of Object.entries(rs.scope.related ?? {})) {
    const target = rs.model.byKey.get(key)?.link?.targetFormId;
    if (!target) continue;
    const { access: a, sensitive: targetSensitive } = await readerView(db, deps, user, target);
    if (!a.actions.has('read')) {
      parts.push(`${key}:none`);
      continue;
    }
    const s = a.sensitiveFull ? new Set<string>() : targetSensitive;
    related[key] = records.map((r) => redact(r, a.hidden, s)!);
    parts.push(`${key}:${[...a.hidden].sort().join(',')}`);
  }
  return { key: parts.join('|'), scope: { ...rs.scope, record: redact(rs.scope.record, hidden, sensitive), old: redact(rs.scope.old, hidden, sensitive), related } };
}
