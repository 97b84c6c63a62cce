import { numberLike } from './number-like.js';

/** A number (a double; `precision` limits decimal places). */
export const numberType = numberLike({ type: 'number', storage: 'real' });
