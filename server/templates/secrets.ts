/**
 * What a template document never carries out of the server: an inbound webhook's hook id and
 * secret (a new pair is generated when the automation is installed), and the credentials of an
 * outbound webhook action — every header value but a few harmless ones (Content-Type, Accept, …),
 * a password or user in the URL, and URL query parameters named like a credential (token, key,
 * secret, signature, …). Each is replaced by SECRET_PLACEHOLDER, which the importer fills in on
 * the installed automation before it can work (until then the call goes out with the placeholder
 * and the receiving service refuses it).
 */
export const SECRET_PLACEHOLDER = '<secret removed on export: fill in>';

const harmlessHeaders = new Set([
  'content-type',
  'accept',
  'accept-language',
  'user-agent',
  'content-language',
]);
const secretParam = /token|key|secret|sig|signature|password|passwd|pwd|auth|credential|session|code/i;

type Json = Record<string, unknown>;

/** A webhook URL without credentials: userinfo and credential-like query values become the placeholder. */
export function urlWithoutSecrets(url: string): string {
  const out = url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i,
    `$1${encodeURIComponent(SECRET_PLACEHOLDER)}@`,
  );
  const q = out.indexOf('?');
  if (q < 0) return out;
  const [query, hash = ''] = out.slice(q + 1).split(/#(.*)/s);
  const params = query.split('&').map((p) => {
    const eq = p.indexOf('=');
    return eq > 0 && secretParam.test(decodeURIComponent(p.slice(0, eq).replace(/\+/g, ' ')))
      ? `${p.slice(0, eq)}=${encodeURIComponent(SECRET_PLACEHOLDER)}`
      : p;
  });
  return `${out.slice(0, q)}?${params.join('&')}${hash ? `#${hash}` : ''}`;
}

function actionsWithoutSecrets(actions: unknown): unknown {
  if (!Array.isArray(actions)) return actions;
  return actions.map((a: Json) => {
    if (!a || typeof a !== 'object') return a;
    if (a.type === 'branch')
      return {
        ...a,
        then: actionsWithoutSecrets(a.then),
        ...(a.else ? { else: actionsWithoutSecrets(a.else) } : {}),
      };
    if (a.type !== 'webhook') return a;
    const headers =
      a.headers && typeof a.headers === 'object'
        ? Object.fromEntries(
            Object.entries(a.headers as Json).map(([k, v]) => [
              k,
              harmlessHeaders.has(k.toLowerCase()) ? v : SECRET_PLACEHOLDER,
            ]),
          )
        : undefined;
    return {
      ...a,
      ...(typeof a.url === 'string' ? { url: urlWithoutSecrets(a.url) } : {}),
      ...(headers ? { headers } : {}),
    };
  });
}

/** One automation (template or stored shape) without secrets. */
export function automationWithoutSecrets<T>(automation: T): T {
  const a = automation as Json;
  const t = a.trigger as Json | undefined;
  let trigger = t;
  if (t && t.type === 'webhook') {
    const { hookId: _h, secret: _s, ...rest } = t;
    trigger = rest;
  }
  return { ...a, ...(trigger ? { trigger } : {}), actions: actionsWithoutSecrets(a.actions) } as T;
}

/** A template document without secrets (see above); anything else in it is kept as it is. */
export function templateWithoutSecrets<T extends Json>(doc: T): T {
  if (!Array.isArray(doc.automations)) return doc;
  return { ...doc, automations: doc.automations.map(automationWithoutSecrets) };
}
