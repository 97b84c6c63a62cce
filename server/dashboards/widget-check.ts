import type { ErrorDetail } from '../errors.js';
import { checkFilter, type FilterContext } from '../filter/index.js';
import { type FormModel, systemFields } from '../forms/form-model.js';
import { parseSort } from '../records/records.query.js';
import type { Widget } from './dashboards.schema.js';

const dateKinds = ['date', 'datetime'];

/**
 * Checks a widget's references against its form when a dashboard is saved: grouped, measured,
 * listed and filtered fields must exist, and a period needs a date field. Paths point into the
 * dashboard (`/widgets/<i>/…`).
 */
export function checkWidget(w: Widget, model: FormModel, fctx: FilterContext, path: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const kindOf = (k: string) => model.byKey.get(k)?.kind ?? systemFields.find((s) => s.key === k)?.kind;
  const unknown = (k: string, at: string) =>
    !kindOf(k) && errors.push({ path: at, message: `unknown field "${k}"` });
  w.query?.groupBy?.forEach((g, j) =>
    unknown(typeof g === 'string' ? g : g.field, `${path}/query/groupBy/${j}`),
  );
  w.query?.metrics.forEach(
    (m, j) =>
      m.field &&
      !model.byKey.has(m.field) &&
      errors.push({ path: `${path}/query/metrics/${j}/field`, message: `unknown field "${m.field}"` }),
  );
  if (w.query?.filter) errors.push(...checkFilter(w.query.filter, fctx, `${path}/query/filter`));
  if (w.list?.filter) errors.push(...checkFilter(w.list.filter, fctx, `${path}/list/filter`));
  w.list?.fields?.forEach((k, j) => unknown(k, `${path}/list/fields/${j}`));
  if (w.list?.sort)
    try {
      parseSort(model, w.list.sort);
    } catch (e) {
      errors.push(
        ...((e as { details?: ErrorDetail[] }).details ?? []).map((d) => ({
          ...d,
          path: `${path}/list/sort`,
        })),
      );
    }
  if (w.period && !dateKinds.includes(kindOf(w.period.field) ?? ''))
    errors.push({ path: `${path}/period/field`, message: 'must be a date or date-time field' });
  return errors;
}
