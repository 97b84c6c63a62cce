import { textLike } from './text-like.js';

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A web address (http or https only, so a stored link can never run script). */
export const urlType = textLike({
  type: 'url',
  maxLength: 2000,
  format: { check: isHttpUrl, message: 'is not an http(s) address', reason: 'not_a_url', jsonFormat: 'uri' },
  widget: 'url',
});
