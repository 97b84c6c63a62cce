import { refLike } from './ref-like.js';

/** A user (or several): 负责人, 参与人员. */
export const memberType = refLike({ type: 'member', ref: 'user', widget: 'member' });
