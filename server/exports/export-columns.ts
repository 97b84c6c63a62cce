import { badRequest, type ErrorDetail } from '../errors.js';
import type { RecordContext } from '../permissions/record-access.js';
import type { RecordOut } from '../records/records.repository.js';
import { type CellValue, cellText, localDateTime, type Names } from './cell-text.js';

/** One column of an export: its header and how a (presented) record fills it. */
export interface ExportColumn {
  key: string;
  header: string;
  cell(rec: RecordOut, names: Names): CellValue;
}

const system: Record<string, { header: string; cell: (r: RecordOut, n: Names) => CellValue }> = {
  id: { header: '记录ID', cell: (r) => r.id },
  state: { header: '状态', cell: (r) => r.state },
  ownerId: { header: '负责人', cell: (r, n) => (r.ownerId ? (n.user.get(r.ownerId) ?? r.ownerId) : null) },
  departmentId: {
    header: '所属部门',
    cell: (r, n) => (r.departmentId ? (n.department.get(r.departmentId) ?? r.departmentId) : null),
  },
  createdAt: { header: '创建时间', cell: (r, n) => localDateTime(r.createdAt, n.timeZone) },
  createdBy: {
    header: '创建人',
    cell: (r, n) => (r.createdBy ? (n.user.get(r.createdBy) ?? r.createdBy) : null),
  },
  updatedAt: { header: '更新时间', cell: (r, n) => localDateTime(r.updatedAt, n.timeZone) },
  updatedBy: {
    header: '修改人',
    cell: (r, n) => (r.updatedBy ? (n.user.get(r.updatedBy) ?? r.updatedBy) : null),
  },
};

/**
 * The columns to export: `fields` (comma-separated keys, system columns such as createdAt
 * allowed), else the view's columns, else every field the caller may see, in form order.
 * Headers are field labels.
 */
export function exportColumns(
  rc: RecordContext,
  fields: string | undefined,
  viewFields?: string[],
): ExportColumn[] {
  const visible = (k: string) => !rc.access.hidden.has(k) && (rc.model.byKey.has(k) || k in system);
  const keys = fields
    ? fields
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean)
    : (viewFields?.filter(visible) ?? rc.model.fields.map((f) => f.def.key).filter(visible));
  const errors: ErrorDetail[] = keys
    .filter((k) => !visible(k))
    .map((k) => ({ path: '/fields', message: `unknown field "${k}"` }));
  if (errors.length) throw badRequest(errors[0].message, errors);
  if (!keys.length)
    throw badRequest('There is no field to export', [{ path: '/fields', message: 'names no field' }]);
  return [...new Set(keys)].map((key) => {
    const f = rc.model.byKey.get(key);
    if (!f) return { key, ...system[key] };
    return { key, header: f.def.label, cell: (r, n) => cellText(f, r.fields[key], n) };
  });
}
