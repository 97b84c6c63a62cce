import { textLike } from './text-like.js';

/** Multi-line text. */
export const textareaType = textLike({ type: 'textarea', maxLength: 20000, widget: 'textarea' });
