import type { ViewDef } from './views.schema.js';

type View = Partial<ViewDef>;

/** Whether a filter names one of `keys` (a condition's field). */
function filterNames(filter: unknown, keys: Set<string>): boolean {
  if (Array.isArray(filter)) return filter.some((f) => filterNames(f, keys));
  if (!filter || typeof filter !== 'object') return false;
  const f = filter as Record<string, unknown>;
  if (typeof f.field === 'string' && keys.has(f.field)) return true;
  return Object.values(f).some((v) => typeof v === 'object' && filterNames(v, keys));
}

/**
 * Whether a view selects, orders, groups or places records by a field in `hidden`: such a view
 * would answer what the field holds, so it is not shown to (nor usable by) those who may not see it.
 */
export function viewUsesHidden(v: View, hidden: Set<string>): boolean {
  if (!hidden.size) return false;
  const sortKeys = (v.sort ?? '').split(',').map((s) => s.trim().replace(/^[-+]/, ''));
  return (
    filterNames(v.filter, hidden) ||
    (v.colors ?? []).some((c) => filterNames(c.filter, hidden)) ||
    sortKeys.some((k) => hidden.has(k)) ||
    (v.groupBy ?? []).some((k) => hidden.has(k)) ||
    (!!v.kanban && hidden.has(v.kanban.groupField)) ||
    (!!v.calendar && hidden.has(v.calendar.dateField))
  );
}

const without = (keys: string[] | undefined, hidden: Set<string>) => keys?.filter((k) => !hidden.has(k));

/** A view as one who may not see the `hidden` fields sees it: their columns, widths and card fields gone. */
export function presentView<T extends View>(v: T, hidden: Set<string>): T {
  if (!hidden.size) return v;
  const out: T = { ...v };
  if (v.fields) out.fields = without(v.fields, hidden);
  if (v.widths) out.widths = Object.fromEntries(Object.entries(v.widths).filter(([k]) => !hidden.has(k)));
  if (v.kanban?.cardFields) out.kanban = { ...v.kanban, cardFields: without(v.kanban.cardFields, hidden) };
  if (v.calendar) {
    const { endField, titleField, ...calendar } = v.calendar;
    out.calendar = {
      ...calendar,
      ...(endField && !hidden.has(endField) ? { endField } : {}),
      ...(titleField && !hidden.has(titleField) ? { titleField } : {}),
    };
  }
  return out;
}

/** `list` with the `hidden` keys of `before` put back, each after the key it followed there. */
function putBack(
  list: string[] | undefined,
  before: string[] | undefined,
  hidden: Set<string>,
): string[] | undefined {
  if (!list || !before) return list;
  const out = [...list];
  before.forEach((k, i) => {
    if (!hidden.has(k)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--)
      if (out.includes(before[j])) {
        at = out.indexOf(before[j]) + 1;
        break;
      }
    out.splice(at, 0, k);
  });
  return out;
}

/**
 * A view saved by one who saw it without the `hidden` fields, completed with what they could not
 * see in `before`: hidden columns (in place), their widths, card fields and calendar fields.
 */
export function mergeHiddenIntoView<T extends View>(next: T, before: View, hidden: Set<string>): T {
  if (!hidden.size) return next;
  const out: T = { ...next };
  if (next.fields) out.fields = putBack(next.fields, before.fields, hidden);
  const widths = Object.entries(before.widths ?? {}).filter(([k]) => hidden.has(k));
  if (widths.length) out.widths = { ...next.widths, ...Object.fromEntries(widths) };
  if (next.kanban && before.kanban)
    out.kanban = {
      ...next.kanban,
      cardFields: putBack(next.kanban.cardFields, before.kanban.cardFields, hidden),
    };
  if (next.calendar && before.calendar)
    for (const k of ['endField', 'titleField'] as const) {
      const old = before.calendar[k];
      if (old && hidden.has(old) && !next.calendar[k]) out.calendar = { ...out.calendar!, [k]: old };
    }
  return out;
}
