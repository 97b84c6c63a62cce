import { numberLike } from './number-like.js';

/** A percentage, stored as the number shown: 85.5 means 85.5 %. */
export const percentType = numberLike({ type: 'percent', storage: 'real', widget: 'percent' });
