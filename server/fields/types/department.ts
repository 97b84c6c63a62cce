import { refLike } from './ref-like.js';

/** A department (or several): 所属部门, 涉及部门. */
export const departmentType = refLike({ type: 'department', ref: 'department', widget: 'department' });
