import type { Filter } from '../../server/filter/filter.schema';

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * The days a date-bucket label covers, as a half-open range [from, to):
 * `2024-05-20`, `2024-W21` (ISO week), `2024-05`, `2024-Q2`, `2024`. Undefined for anything else.
 */
export function bucketRange(label: string, bucket: Bucket): { from: string; to: string } | undefined {
  let m: RegExpExecArray | null;
  const range = (a: Date, b: Date) => ({ from: ymd(a), to: ymd(b) });
  const utc = (y: number, mo: number, d: number) => new Date(Date.UTC(y, mo, d));
  if (bucket === 'day' && (m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label)))
    return range(utc(+m[1], +m[2] - 1, +m[3]), utc(+m[1], +m[2] - 1, +m[3] + 1));
  if (bucket === 'month' && (m = /^(\d{4})-(\d{2})$/.exec(label)))
    return range(utc(+m[1], +m[2] - 1, 1), utc(+m[1], +m[2], 1));
  if (bucket === 'quarter' && (m = /^(\d{4})-Q([1-4])$/.exec(label)))
    return range(utc(+m[1], (+m[2] - 1) * 3, 1), utc(+m[1], +m[2] * 3, 1));
  if (bucket === 'year' && (m = /^(\d{4})$/.exec(label)))
    return range(utc(+m[1], 0, 1), utc(+m[1] + 1, 0, 1));
  if (bucket === 'week' && (m = /^(\d{4})-W(\d{2})$/.exec(label))) {
    // ISO week 1 holds January 4th; weeks start on Monday.
    const jan4 = utc(+m[1], 0, 4);
    const monday = utc(+m[1], 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (+m[2] - 1) * 7);
    return range(monday, utc(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + 7));
  }
  return undefined;
}

/**
 * The records behind one bar or slice: the widget's own filter and "the group field has this
 * value" (a date bucket becomes a range; an empty group is `isEmpty`).
 *
 * @example drillFilter(undefined, {field: 'signedOn', bucket: 'month'}, '2024-05')
 *   // {and: [{field: 'signedOn', op: 'gte', value: '2024-05-01'}, {field: 'signedOn', op: 'lt', value: '2024-06-01'}]}
 */
export function drillFilter(
  base: Filter | undefined,
  group: { field: string; bucket?: Bucket },
  value: unknown,
): Filter {
  let own: Filter[];
  if (value === null || value === undefined || value === '') own = [{ field: group.field, op: 'isEmpty' }];
  else if (group.bucket) {
    const r = bucketRange(String(value), group.bucket);
    own = r
      ? [
          { field: group.field, op: 'gte', value: r.from },
          { field: group.field, op: 'lt', value: r.to },
        ]
      : [{ field: group.field, op: 'eq', value }];
  } else own = [{ field: group.field, op: Array.isArray(value) ? 'contains' : 'eq', value }];
  const baseList = !base ? [] : 'and' in base ? base.and : [base];
  return { and: [...baseList, ...own] };
}
