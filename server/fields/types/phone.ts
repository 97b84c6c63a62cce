import { textLike } from './text-like.js';

// Mainland mobiles (13800138000), landlines with area code (010-12345678, 0755-1234567-801) and
// international numbers (+86 138 0013 8000): digits with optional +, spaces, dashes and brackets.
const phoneRe = /^\+?[0-9][0-9 ()-]{4,30}$/;

/** A phone number. */
export const phoneType = textLike({
  type: 'phone',
  maxLength: 32,
  format: {
    check: (s) => phoneRe.test(s),
    message: 'is not a phone number',
    reason: 'not_a_phone',
    jsonPattern: phoneRe.source,
  },
  widget: 'phone',
  indexed: true,
});
