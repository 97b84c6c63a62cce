import {
  type ClientRequestOptions,
  type ClientResponse,
  hc,
  type InferRequestType,
  type InferResponseType,
} from 'hono/client';
import type { JSONParsed } from 'hono/utils/types';
import type { AppType } from '../../server/app';
import type { ErrorDetail } from '../../server/errors';

/** An API answer other than 2xx, carrying the API.md error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called on every 401, wherever it comes from; the app shell sends the user to /login. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** The value of a cookie readable by scripts (the CSRF token), or undefined. */
export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * `fetch` with the session cookie and, on every unsafe method, the CSRF header the server checks
 * against its cookie; a request that never got an answer becomes `ApiError(0, 'network_error')`.
 */
async function sessionFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie('tessera_csrf');
    if (csrf) headers.set('x-csrf-token', csrf);
  }
  try {
    return await fetch(input, { ...init, headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
}

/**
 * The API, typed by the server's routes (`AppType`): `api.forms[':formId'].records.$get`. Call it
 * through `call`, which encodes path params, checks the status and answers the 2xx body.
 */
export const api = hc<AppType>('/api', { fetch: sessionFetch });

/** One endpoint of `api`, e.g. `api.apps.$get`. */
type Endpoint = (args: never, options?: ClientRequestOptions) => Promise<ClientResponse<any, any, any>>;

/** What a 2xx answer of an endpoint holds: `Answer<typeof api.apps.$get>`. */
export type Answer<E> = InferResponseType<E, 200 | 201 | 202 | 204>;

/** What an endpoint takes (`param`, `query`, `json`): `Input<typeof api.users.$post>['json']`. */
export type Input<E> = InferRequestType<E>;

function isErrorBody(
  body: unknown,
): body is { error: { code: string; message: string; details?: ErrorDetail[] } } {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: { code?: unknown } }).error?.code === 'string'
  );
}

/** Path params percent-encoded: `hc` puts them into the URL as they are. */
function encodeParams<A>(args: A): A {
  const param = (args as { param?: Record<string, string> } | undefined)?.param;
  if (!param) return args;
  return {
    ...args,
    param: Object.fromEntries(Object.entries(param).map(([k, v]) => [k, encodeURIComponent(v)])),
  };
}

/**
 * Calls one endpoint and answers its 2xx body (JSON, or `undefined` when empty). Throws `ApiError`
 * for anything else, with the API.md error's code, message and field-level details; a 401 also
 * tells `onUnauthorized` listeners.
 *
 * @example const page = await call(api.audit.$get, { query: { action: 'user.', limit: '50' } });
 */
export async function call<E extends Endpoint>(endpoint: E, ...args: Parameters<E>): Promise<Answer<E>> {
  const [input, options] = args as unknown as [unknown, ClientRequestOptions | undefined];
  const res: Response = await (
    endpoint as unknown as (a: unknown, o?: ClientRequestOptions) => Promise<Response>
  )(encodeParams(input), options);
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = res.ok ? text : undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401) unauthorizedListeners.forEach((l) => l());
    if (isErrorBody(data))
      throw new ApiError(res.status, data.error.code, data.error.message, data.error.details ?? []);
    throw new ApiError(res.status, 'http_error', res.statusText || `HTTP ${res.status}`);
  }
  return data as Answer<E>;
}

/**
 * An answer as the server's own type `T`. hono types a JSON answer as `JSONParsed<T>`, which gives up
 * on recursive types (a filter's `and`, a branch's `then`) with `JSONValue`; for types made of JSON
 * values `T` is exact, and the argument must still be the JSON form of `T`, so this stays checked.
 *
 * @example const a = await answerAs<Automation>(call(api.automations[':id'].$get, { param: { id } }));
 */
export const answerAs = <T>(answer: Promise<JSONParsed<T>>): Promise<T> => answer as Promise<T>;
