import { textLike } from './text-like.js';

/** A single line of text. */
export const textType = textLike({ type: 'text', maxLength: 500 });
