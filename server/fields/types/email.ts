import { textLike } from './text-like.js';

const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An e-mail address. */
export const emailType = textLike({
  type: 'email',
  maxLength: 320,
  format: {
    check: (s) => emailRe.test(s),
    message: 'is not an e-mail address',
    reason: 'not_an_email',
    jsonFormat: 'email',
  },
  widget: 'email',
  indexed: true,
});
