import type { Db } from '../db/database.js';
import type { FormModel } from '../forms/form-model.js';
import type { Transition } from './workflow.schema.js';
import { AppError } from '../errors.js';

/** The names of who may make a move: departments, roles, the owner, the people in user fields. */
type Who = { departments: string[]; roles: string[]; owner: boolean; fields: string[] };

/** Who a set of transitions lets move a record, in Chinese and English ("「管理层」部门的成员"). */
export async function whoMay(
  db: Db,
  model: FormModel,
  transitions: Transition[],
): Promise<{ zh: string[]; en: string[]; names: Who }> {
  const departments = new Set(transitions.flatMap((t) => t.allow?.departments ?? []));
  const roles = new Set(transitions.flatMap((t) => t.allow?.roles ?? []));
  const fields = new Set(transitions.flatMap((t) => t.allow?.userFields ?? []));
  const owner = transitions.some((t) => t.allow?.owner);
  const nameOf = async (table: 'departments' | 'roles', ids: Set<string>) =>
    ids.size
      ? (
          await db
            .selectFrom(table)
            .select(['id', 'name'])
            .where('id', 'in', [...ids])
            .execute()
        ).map((r) => r.name)
      : [];
  const deptNames = await nameOf('departments', departments);
  const roleNames = await nameOf('roles', roles);
  const fieldLabels = [...fields].map((k) => model.byKey.get(k)?.def.label ?? k);
  const quote = (names: string[]) => names.map((n) => `「${n}」`).join('、');
  const zh: string[] = [];
  const en: string[] = [];
  const add = (z: string, e: string) => {
    zh.push(z);
    en.push(e);
  };
  if (deptNames.length) add(`${quote(deptNames)}部门的成员`, `members of ${deptNames.join(', ')}`);
  if (roleNames.length) add(`角色为${quote(roleNames)}的人`, `people with the role ${roleNames.join(', ')}`);
  if (owner) add('记录的所有者', "the record's owner");
  if (fieldLabels.length) add(`${quote(fieldLabels)}中的人`, `the people in ${fieldLabels.join(', ')}`);
  return { zh, en, names: { departments: deptNames, roles: roleNames, owner, fields: fieldLabels } };
}

/**
 * The refusal of a move to the caller, naming who may make it, as "中文 / English" like the other
 * transition messages (只有「管理层」部门的成员可以把记录改为「延期」), and as reason `may_not_move`
 * with the names in params, for clients to word themselves.
 */
export async function forbiddenMove(
  db: Db,
  model: FormModel,
  transitions: Transition[],
  targetLabel: string,
): Promise<AppError> {
  const { zh, en, names } = await whoMay(db, model, transitions);
  const message = zh.length
    ? `只有${zh.join('或')}可以把记录改为「${targetLabel}」 / Only ${en.join(' or ')} may move this record to ${targetLabel}`
    : `你无权把记录改为「${targetLabel}」 / You may not move this record to ${targetLabel}`;
  return new AppError('forbidden', message, [
    {
      path: '/to',
      message: 'you may not make this move',
      code: 'may_not_move',
      params: { to: targetLabel, ...names },
    },
  ]);
}
