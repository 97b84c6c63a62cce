/** How much of an outside answer a run log keeps. */
export const excerptBytes = 1024;

/**
 * What a log keeps of a response body: the JSON value (or text) itself when it is at most `limit`
 * bytes; for a larger JSON object its top-level scalar members while they fit, so `{{steps.0.body.id}}`
 * still works; otherwise the first `limit` bytes of text. `truncated` says something was left out.
 *
 * @example responseExcerpt(Buffer.from('{"id":7}'), false) // { body: { id: 7 }, truncated: false }
 */
export function responseExcerpt(
  raw: Buffer,
  cut: boolean,
  limit = excerptBytes,
): { body: unknown; truncated: boolean } {
  const text = raw.toString('utf8');
  let parsed: unknown = text;
  if (!cut) {
    try {
      parsed = text.trim() ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
  }
  if (!cut && raw.length <= limit) return { body: parsed, truncated: false };
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const kept: Record<string, unknown> = {};
    let size = 2;
    for (const [k, v] of Object.entries(parsed)) {
      if (v !== null && typeof v === 'object') continue;
      const entry = Buffer.byteLength(JSON.stringify({ [k]: v })) - 1;
      if (size + entry > limit) continue;
      kept[k] = v;
      size += entry;
    }
    return { body: kept, truncated: true };
  }
  return {
    body: raw
      .subarray(0, limit)
      .toString('utf8')
      .replace(/\uFFFD+$/, ''),
    truncated: true,
  };
}
