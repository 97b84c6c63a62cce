import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { dbSnapshot, expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { ADMIN, Client, type Reply, type TestServer, startServer } from './support/server.js';

/**
 * Bad input, route by route: every refusal is a 4xx in the API.md error shape naming the field,
 * and leaves every table of the database exactly as it was. Hostile-looking but valid text is
 * data: it is stored and read back byte for byte.
 */

const NOBODY = 'usr_000000000000000000';
const NO_DEPT = 'dep_000000000000000000';
const NO_RECORD = 'rec_000000000000000000';
const NO_FORM = 'frm_000000000000000000';
const NO_APP = 'app_000000000000000000';
const SQLISH = "'; drop table forms; --";

/** What the cases need from the running server, filled in by beforeAll. */
interface Ctx {
  admin: Client;
  anon: Client;
  /** Signed in to an app over the same database with a 64 KiB body limit. */
  small: Client;
  appId: string;
  formId: string;
  formDef: any;
  targetFormId: string;
  targets: [string, string];
  rec: { id: string; version: number };
  userId: string;
  deptId: string;
}

interface Case {
  name: string;
  send: (t: Ctx) => Promise<Reply>;
  status: number;
  path?: string | RegExp;
  /** Tables a refusal may still write to (a failed sign-in is audited and counted). */
  writes?: string[];
}

const json = (c: Client, method: string, path: string, body: unknown) => c.json(method, path, body);
const raw = (c: Client, method: string, path: string, body: string, type: string) =>
  c.raw(method, path, { body, headers: { 'content-type': type } });
const q = (v: unknown) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The test form: one field of every writable type, plus computed ones. */
const thingsForm = (targetFormId: string) => ({
  key: 'things',
  name: 'Things',
  fields: [
    { key: 'name', type: 'text', label: 'Name', required: true, unique: true, maxLength: 20 },
    { key: 'notes', type: 'textarea', label: 'Notes' },
    { key: 'qty', type: 'number', label: 'Quantity', min: 0, max: 100 },
    { key: 'amount', type: 'currency', label: 'Amount' },
    { key: 'pct', type: 'percent', label: 'Percent' },
    { key: 'stars', type: 'rating', label: 'Stars' },
    { key: 'email', type: 'email', label: 'E-mail' },
    { key: 'phone', type: 'phone', label: 'Phone' },
    { key: 'site', type: 'url', label: 'Site' },
    {
      key: 'tier',
      type: 'select',
      label: 'Tier',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    {
      key: 'tags',
      type: 'multiselect',
      label: 'Tags',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    { key: 'vip', type: 'checkbox', label: 'VIP' },
    { key: 'since', type: 'date', label: 'Since' },
    { key: 'at', type: 'datetime', label: 'At' },
    { key: 'owner', type: 'member', label: 'Owner' },
    { key: 'dept', type: 'department', label: 'Department' },
    { key: 'link', type: 'relation', label: 'Target', formId: targetFormId },
    { key: 'files', type: 'attachment', label: 'Files' },
    { key: 'code', type: 'autonumber', label: 'Code', format: 'T{0000}' },
    { key: 'doubled', type: 'formula', label: 'Doubled', expression: '{qty} * 2' },
  ],
});

// ---------------------------------------------------------------------------------------------
// Bodies that are not what a JSON route expects, on every JSON route.

interface JsonRoute {
  route: string;
  method: string;
  path: (t: Ctx) => string;
  good: (t: Ctx) => Record<string, unknown>;
  anonymous?: boolean;
}

const jsonRoutes: JsonRoute[] = [
  {
    route: 'POST /api/auth/login',
    method: 'POST',
    path: () => '/api/auth/login',
    good: () => ({ email: ADMIN.email, password: 'Wrong-pass-1' }),
    anonymous: true,
  },
  { route: 'POST /api/apps', method: 'POST', path: () => '/api/apps', good: () => ({ name: 'New app' }) },
  {
    route: 'PATCH /api/apps/:appId',
    method: 'PATCH',
    path: (t) => `/api/apps/${t.appId}`,
    good: () => ({ name: 'Renamed' }),
  },
  {
    route: 'POST /api/apps/:appId/forms',
    method: 'POST',
    path: (t) => `/api/apps/${t.appId}/forms`,
    good: () => ({ key: 'other', name: 'Other', fields: [] }),
  },
  {
    route: 'PUT /api/forms/:formId',
    method: 'PUT',
    path: (t) => `/api/forms/${t.formId}`,
    good: (t) => ({ ...t.formDef, name: 'Renamed' }),
  },
  {
    route: 'POST /api/forms/:formId/records',
    method: 'POST',
    path: (t) => `/api/forms/${t.formId}/records`,
    good: () => ({ fields: { name: 'fresh' } }),
  },
  {
    route: 'POST /api/forms/:formId/records/batch',
    method: 'POST',
    path: (t) => `/api/forms/${t.formId}/records/batch`,
    good: () => ({ records: [{ fields: { name: 'fresh' } }] }),
  },
  {
    route: 'PATCH /api/forms/:formId/records/:recordId',
    method: 'PATCH',
    path: (t) => `/api/forms/${t.formId}/records/${t.rec.id}`,
    good: (t) => ({ fields: { notes: 'changed' }, version: t.rec.version }),
  },
  {
    route: 'POST /api/forms/:formId/aggregate',
    method: 'POST',
    path: (t) => `/api/forms/${t.formId}/aggregate`,
    good: () => ({ metrics: [{ op: 'count' }] }),
  },
  { route: 'POST /api/tokens', method: 'POST', path: () => '/api/tokens', good: () => ({ name: 'script' }) },
  {
    route: 'POST /api/users',
    method: 'POST',
    path: () => '/api/users',
    good: () => ({ email: 'new@example.com', name: 'New', password: 'User-pass-1' }),
  },
  {
    route: 'PATCH /api/users/:userId',
    method: 'PATCH',
    path: (t) => `/api/users/${t.userId}`,
    good: () => ({ name: 'Renamed' }),
  },
  {
    route: 'POST /api/departments',
    method: 'POST',
    path: () => '/api/departments',
    good: () => ({ name: 'Sales' }),
  },
  {
    route: 'PATCH /api/departments/:id',
    method: 'PATCH',
    path: (t) => `/api/departments/${t.deptId}`,
    good: () => ({ name: 'Renamed' }),
  },
  {
    route: 'POST /api/roles',
    method: 'POST',
    path: () => '/api/roles',
    good: () => ({ name: 'Sales rep', grants: [] }),
  },
];

const bodyCases: Case[] = jsonRoutes.flatMap((r) => {
  const who = (t: Ctx) => (r.anonymous ? t.anon : t.admin);
  const send =
    (body: string, type = 'application/json') =>
    (t: Ctx) =>
      raw(who(t), r.method, r.path(t), body, type);
  return [
    { name: `${r.route} refuses broken JSON with 400`, send: send('{"a":'), status: 400 },
    { name: `${r.route} refuses an empty body with 400`, send: send(''), status: 400 },
    {
      name: `${r.route} refuses a JSON body sent as text/plain with 400`,
      send: (t: Ctx) => send(JSON.stringify(r.good(t)), 'text/plain')(t),
      status: 400,
    },
    {
      name: `${r.route} refuses a form-encoded body with 400`,
      send: send('name=x&email=y', 'application/x-www-form-urlencoded'),
      status: 400,
    },
    {
      name: `${r.route} refuses an array where an object belongs with 422`,
      send: (t: Ctx) => json(who(t), r.method, r.path(t), [r.good(t)]),
      status: 422,
      path: '',
    },
    {
      name: `${r.route} refuses null where an object belongs with 422`,
      send: send('null'),
      status: 422,
      path: '',
    },
    {
      name: `${r.route} refuses an unknown property with 422 naming it`,
      send: (t: Ctx) => json(who(t), r.method, r.path(t), { ...r.good(t), bogus: 1 }),
      status: 422,
      path: '/bogus',
    },
    {
      name: `${r.route} refuses a NUL byte in a property name with 422`,
      send: (t: Ctx) => json(who(t), r.method, r.path(t), { ...r.good(t), 'a\u0000b': 1 }),
      status: 422,
    },
  ];
});

// ---------------------------------------------------------------------------------------------
// Record values of the wrong type, out of range or pointing nowhere: create, batch and patch.

type Value = unknown | ((t: Ctx) => unknown);
const badValues: Array<[key: string, value: Value, what: string]> = [
  ['name', 42, 'a number in a text field'],
  ['name', 'x'.repeat(21), 'text longer than its maxLength'],
  ['name', 'a\u0000b', 'a NUL byte in text'],
  ['name', 'a\ud800b', 'a lone surrogate in text'],
  ['notes', { a: 1 }, 'an object in a textarea'],
  ['notes', 'x'.repeat(20001), 'a textarea over 20000 characters'],
  ['qty', 'abc', '"abc" in a number field'],
  ['qty', 101, 'a number above the maximum'],
  ['qty', -1, 'a number below the minimum'],
  ['qty', true, 'a boolean in a number field'],
  ['amount', 1.005, 'money with three decimals'],
  ['amount', 1e16, 'money too large to keep exact'],
  ['pct', [1], 'an array in a percent field'],
  ['stars', 3.5, 'half a star'],
  ['stars', 6, 'more stars than the maximum'],
  ['email', 'not-an-email', 'an e-mail without @'],
  ['phone', 'call me maybe', 'words in a phone field'],
  ['site', 'javascript:alert(1)', 'a javascript: URL'],
  ['tier', 'zzz', 'an unknown select option'],
  ['tier', ['a'], 'an array in a select'],
  ['tags', 'a', 'a string in a multiselect'],
  ['tags', ['a', 'zzz'], 'an unknown option in a multiselect'],
  ['vip', 'yes', '"yes" in a checkbox'],
  ['vip', 1, '1 in a checkbox'],
  ['since', '2024-02-30', 'February 30th'],
  ['since', '2024-2-3', 'a date without zero padding'],
  ['since', 20240101, 'a number in a date field'],
  ['at', '2024-05-20 09:30', 'a date-time without a time zone'],
  ['at', '2024-02-30T09:30:00Z', 'a date-time on February 30th'],
  ['owner', NOBODY, 'a member id of nobody'],
  ['owner', "admin' OR '1'='1", 'a member that is not an id'],
  ['dept', NO_DEPT, 'a department that does not exist'],
  ['link', [NO_RECORD], 'a relation to a missing record'],
  ['link', NO_RECORD, 'a relation given as a string'],
  ['link', (t: Ctx) => t.targets, 'two records in a single relation'],
  ['files', ['fil_000000000000000000'], 'a file that was never uploaded'],
  ['code', 'T9999', 'a value for an autonumber'],
  ['doubled', 3, 'a value for a formula'],
  ['nope', 1, 'an unknown field'],
  [SQLISH, 1, 'an unknown field named like SQL'],
];

const valueOf = (v: Value, t: Ctx) => (typeof v === 'function' ? (v as (t: Ctx) => unknown)(t) : v);
const fieldsWith = (key: string, v: unknown, name: string) =>
  key === 'name' ? { name: v } : { name, [key]: v };

const recordValueCases: Case[] = badValues.flatMap(([key, v, what]) => [
  {
    name: `creating a record refuses ${what} with 422 naming the field`,
    send: (t: Ctx) =>
      t.admin.post(`/api/forms/${t.formId}/records`, { fields: fieldsWith(key, valueOf(v, t), 'fresh') }),
    status: 422,
    path: `/fields/${key}`,
  },
  {
    name: `a batch refuses ${what} with 422 naming the record and field, creating none`,
    send: (t: Ctx) =>
      t.admin.post(`/api/forms/${t.formId}/records/batch`, {
        records: [{ fields: { name: 'batch-ok' } }, { fields: fieldsWith(key, valueOf(v, t), 'batch-2') }],
      }),
    status: 422,
    path: `/records/1/fields/${key}`,
  },
  {
    name: `patching a record refuses ${what} with 422 naming the field`,
    send: (t: Ctx) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, {
        fields: { [key]: valueOf(v, t) },
        version: t.rec.version,
      }),
    status: 422,
    path: `/fields/${key}`,
  },
]);

const recordCases: Case[] = [
  ...recordValueCases,
  {
    name: 'creating a record without a required field is refused with 422',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records`, { fields: { notes: 'no name' } }),
    status: 422,
    path: '/fields/name',
  },
  {
    name: 'creating a record with a taken unique value is refused with 422',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records`, { fields: { name: 'taken' } }),
    status: 422,
    path: '/fields/name',
  },
  {
    name: 'patching a record to a taken unique value is refused with 422',
    send: (t) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, {
        fields: { name: 'taken' },
        version: t.rec.version,
      }),
    status: 422,
    path: '/fields/name',
  },
  {
    name: 'patching a required field to empty is refused with 422',
    send: (t) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, {
        fields: { name: null },
        version: t.rec.version,
      }),
    status: 422,
    path: '/fields/name',
  },
  {
    name: 'a batch repeating a unique value is refused with 422',
    send: (t) =>
      t.admin.post(`/api/forms/${t.formId}/records/batch`, {
        records: [{ fields: { name: 'twin' } }, { fields: { name: 'twin' } }],
      }),
    status: 422,
    path: '/records/1/fields/name',
  },
  {
    name: 'an array instead of the fields object is refused with 422',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records`, { fields: [] }),
    status: 422,
    path: '/fields',
  },
  {
    name: 'a string instead of the fields object is refused with 422',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records`, { fields: 'name=x' }),
    status: 422,
    path: '/fields',
  },
  {
    name: 'an owner who does not exist is refused with 422',
    send: (t) =>
      t.admin.post(`/api/forms/${t.formId}/records`, { fields: { name: 'fresh' }, ownerId: NOBODY }),
    status: 422,
    path: '/ownerId',
  },
  {
    name: 'a department that does not exist is refused with 422',
    send: (t) =>
      t.admin.post(`/api/forms/${t.formId}/records`, { fields: { name: 'fresh' }, departmentId: NO_DEPT }),
    status: 422,
    path: '/departmentId',
  },
  {
    name: 'an owner id with a NUL byte is refused with 422',
    send: (t) =>
      t.admin.post(`/api/forms/${t.formId}/records`, { fields: { name: 'fresh' }, ownerId: 'usr_\u0000' }),
    status: 422,
    path: '/ownerId',
  },
  {
    name: 'an empty batch is refused with 422',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records/batch`, { records: [] }),
    status: 422,
    path: '/records',
  },
  {
    name: 'a batch of 1001 records is refused with 422',
    send: (t) =>
      t.admin.post(`/api/forms/${t.formId}/records/batch`, {
        records: Array.from({ length: 1001 }, (_, i) => ({ fields: { name: `b${i}` } })),
      }),
    status: 422,
    path: '/records',
  },
  {
    name: 'a batch given as an object is refused with 422',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records/batch`, { records: { fields: { name: 'x' } } }),
    status: 422,
    path: '/records',
  },
  {
    name: 'a patch without a version is refused with 422',
    send: (t) => t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, { fields: { notes: 'x' } }),
    status: 422,
    path: '/version',
  },
  {
    name: 'a patch with the version as a string is refused with 422',
    send: (t) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, {
        fields: { notes: 'x' },
        version: String(t.rec.version),
      }),
    status: 422,
    path: '/version',
  },
  {
    name: 'a patch with an absurd version is refused with 422',
    send: (t) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, { fields: { notes: 'x' }, version: 1e300 }),
    status: 422,
    path: '/version',
  },
  {
    name: 'a patch with a stale version is refused with 409',
    send: (t) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${t.rec.id}`, {
        fields: { notes: 'x' },
        version: t.rec.version + 7,
      }),
    status: 409,
    path: '/version',
  },
  {
    name: 'a patch of a record that does not exist answers 404',
    send: (t) =>
      t.admin.patch(`/api/forms/${t.formId}/records/${NO_RECORD}`, { fields: { notes: 'x' }, version: 1 }),
    status: 404,
  },
  {
    name: 'creating a record in a form that does not exist answers 404',
    send: (t) => t.admin.post(`/api/forms/${NO_FORM}/records`, { fields: { name: 'fresh' } }),
    status: 404,
  },
];

// ---------------------------------------------------------------------------------------------
// Aggregates: a JSON body, so problems with it are 422.

const agg = (body: unknown) => (t: Ctx) => t.admin.post(`/api/forms/${t.formId}/aggregate`, body);
const aggregateCases: Case[] = [
  {
    name: 'an aggregate with an unknown metric op is refused with 422',
    send: agg({ metrics: [{ op: 'median', field: 'qty' }] }),
    status: 422,
    path: '/metrics/0/op',
  },
  {
    name: 'an aggregate without metrics is refused with 422',
    send: agg({ metrics: [] }),
    status: 422,
    path: '/metrics',
  },
  {
    name: 'an aggregate summing a missing field is refused with 422',
    send: agg({ metrics: [{ op: 'sum', field: 'nope' }] }),
    status: 422,
    path: '/metrics/0/field',
  },
  {
    name: 'an aggregate summing a text field is refused with 422',
    send: agg({ metrics: [{ op: 'sum', field: 'name' }] }),
    status: 422,
    path: '/metrics/0/op',
  },
  {
    name: 'an aggregate grouped by a missing field is refused with 422',
    send: agg({ groupBy: ['nope'], metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/groupBy/0',
  },
  {
    name: 'an aggregate grouped by a multiselect is refused with 422',
    send: agg({ groupBy: ['tags'], metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/groupBy/0',
  },
  {
    name: 'an aggregate bucketing a number by month is refused with 422',
    send: agg({ groupBy: [{ field: 'qty', bucket: 'month' }], metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/groupBy/0/bucket',
  },
  {
    name: 'an aggregate with a filter on a missing field is refused with 422',
    send: agg({ filter: { field: 'nope', op: 'eq', value: 1 }, metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/filter/field',
  },
  {
    name: 'an aggregate with an unknown filter operator is refused with 422',
    send: agg({ filter: { field: 'qty', op: 'like', value: 1 }, metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/filter',
  },
  {
    name: 'an aggregate with a filter value of the wrong type is refused with 422',
    send: agg({ filter: { field: 'qty', op: 'gt', value: 'abc' }, metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/filter/value',
  },
  {
    name: 'an aggregate with a NUL byte in a filter value is refused with 422',
    send: agg({ filter: { field: 'name', op: 'eq', value: 'a\u0000' }, metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/filter/value',
  },
  {
    name: 'an aggregate with limit 0 is refused with 422',
    send: agg({ metrics: [{ op: 'count' }], limit: 0 }),
    status: 422,
    path: '/limit',
  },
  {
    name: 'an aggregate with four groupings is refused with 422',
    send: agg({ groupBy: ['tier', 'vip', 'since', 'qty'], metrics: [{ op: 'count' }] }),
    status: 422,
    path: '/groupBy',
  },
  {
    name: 'an aggregate grouped by date-time buckets is answered, not failed',
    send: agg({
      groupBy: [{ field: 'at', bucket: 'quarter' }, 'createdAt'],
      metrics: [{ op: 'count' }, { op: 'max', field: 'at' }],
    }),
    status: 200,
  },
  {
    name: 'an aggregate over a form that does not exist answers 404',
    send: (t) => t.admin.post(`/api/forms/${NO_FORM}/aggregate`, { metrics: [{ op: 'count' }] }),
    status: 404,
  },
];

// ---------------------------------------------------------------------------------------------
// Lists: query parameters, so problems with them are 400.

const list = (query: string) => (t: Ctx) => t.admin.get(`/api/forms/${t.formId}/records?${query}`);
const listCases: Case[] = [
  {
    name: 'a list with a filter that is not JSON is refused with 400',
    send: list(`filter=${q('{"a":')}`),
    status: 400,
    path: '/filter',
  },
  {
    name: 'a list with a filter that is an array is refused with 400',
    send: list(`filter=${q([])}`),
    status: 400,
    path: '/filter',
  },
  {
    name: 'a list with an unknown filter operator is refused with 400',
    send: list(`filter=${q({ field: 'qty', op: 'like', value: 1 })}`),
    status: 400,
    path: '/filter/op',
  },
  {
    name: 'a list filtering on a missing field is refused with 400',
    send: list(`filter=${q({ field: 'nope', op: 'eq', value: 1 })}`),
    status: 400,
    path: '/filter/field',
  },
  {
    name: 'a list filtering on a field named like SQL is refused with 400',
    send: list(`filter=${q({ field: SQLISH, op: 'eq', value: 1 })}`),
    status: 400,
    path: '/filter/field',
  },
  {
    name: 'a list filtering a number by text is refused with 400',
    send: list(`filter=${q({ field: 'qty', op: 'gt', value: 'abc' })}`),
    status: 400,
    path: '/filter/value',
  },
  {
    name: 'a list filtering with "in" on a single value is refused with 400',
    send: list(`filter=${q({ field: 'qty', op: 'in', value: 5 })}`),
    status: 400,
    path: '/filter/value',
  },
  {
    name: 'a list filtering a select by an unknown option is refused with 400',
    send: list(`filter=${q({ field: 'tier', op: 'eq', value: 'zzz' })}`),
    status: 400,
    path: '/filter/value',
  },
  {
    name: 'a list filtering a date by February 30th is refused with 400',
    send: list(`filter=${q({ field: 'since', op: 'gt', value: '2024-02-30' })}`),
    status: 400,
    path: '/filter/value',
  },
  {
    name: 'a list filtering stars by a huge number is answered or refused but never fails',
    send: list(`filter=${q({ field: 'stars', op: 'gt', value: 1e10 })}&limit=1`),
    status: 200,
  },
  {
    name: 'a list with a filter nested too deeply is refused with 400',
    send: list(
      `filter=${q(Array.from({ length: 12 }).reduce<unknown>((f) => ({ not: f }), { field: 'qty', op: 'isEmpty' }))}`,
    ),
    status: 400,
    path: /^\/filter/,
  },
  {
    name: 'a list with a filter over 20000 characters is refused with 400',
    send: list(`filter=${'x'.repeat(20001)}`),
    status: 400,
    path: '/filter',
  },
  {
    name: 'a list with a NUL byte in a filter value is refused with 400',
    send: list(`filter=${q({ field: 'name', op: 'eq', value: 'a\u0000' })}`),
    status: 400,
    path: '/filter',
  },
  {
    name: 'a list sorted by a missing field is refused with 400',
    send: list('sort=nope'),
    status: 400,
    path: '/sort',
  },
  {
    name: 'a list sorted by a relation is refused with 400',
    send: list('sort=link'),
    status: 400,
    path: '/sort',
  },
  {
    name: 'a list sorted by a multiselect is refused with 400',
    send: list('sort=-tags'),
    status: 400,
    path: '/sort',
  },
  {
    name: 'a list sorted by SQL is refused with 400',
    send: list(`sort=${q('name; drop table forms')}`),
    status: 400,
    path: '/sort',
  },
  { name: 'a list with limit=0 is refused with 400', send: list('limit=0'), status: 400, path: '/limit' },
  {
    name: 'a list with limit=100000 is refused with 400',
    send: list('limit=100000'),
    status: 400,
    path: '/limit',
  },
  { name: 'a list with limit=abc is refused with 400', send: list('limit=abc'), status: 400, path: '/limit' },
  { name: 'a list with limit=1.5 is refused with 400', send: list('limit=1.5'), status: 400, path: '/limit' },
  { name: 'a list with limit=-1 is refused with 400', send: list('limit=-1'), status: 400, path: '/limit' },
  {
    name: 'a list with a garbage cursor is refused with 400',
    send: list('cursor=not-a-cursor!'),
    status: 400,
    path: '/cursor',
  },
  {
    name: 'a list with a cursor of the wrong length is refused with 400',
    send: list(`cursor=${cursorOf([1])}`),
    status: 400,
    path: '/cursor',
  },
  {
    name: 'a list with a cursor holding objects is refused with 400',
    send: list(`cursor=${cursorOf([{ a: 1 }, ['x']])}`),
    status: 400,
    path: '/cursor',
  },
  {
    name: 'a list with a cursor holding text for a number is refused with 400',
    send: list(`sort=qty&cursor=${cursorOf(['abc', 'rec_x'])}`),
    status: 400,
    path: '/cursor',
  },
  {
    name: 'a list with a cursor holding a NUL byte is refused with 400',
    send: list(`cursor=${cursorOf(['a\u0000', 'b'])}`),
    status: 400,
    path: '/cursor',
  },
  {
    name: 'a list searching over 200 characters is refused with 400',
    send: list(`q=${'x'.repeat(201)}`),
    status: 400,
    path: '/q',
  },
  {
    name: 'a list searching for a NUL byte is refused with 400',
    send: list('q=a%00b'),
    status: 400,
    path: '/q',
  },
  {
    name: 'a list searching with broken percent-encoding is refused with 400',
    send: list('q=%E0%A4%A'),
    status: 400,
    path: '/q',
  },
  { name: 'a list with count=yes is refused with 400', send: list('count=yes'), status: 400, path: '/count' },
  {
    name: 'a list of a form that does not exist answers 404',
    send: (t) => t.admin.get(`/api/forms/${NO_FORM}/records`),
    status: 404,
  },
];

// ---------------------------------------------------------------------------------------------
// Form definitions: keys must be identifiers, text must be storable, references must resolve.

const withField = (field: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  key: 'other',
  name: 'Other',
  fields: [field],
  ...extra,
});
const text = (key: string, more: Record<string, unknown> = {}) => ({
  key,
  type: 'text',
  label: 'Label',
  ...more,
});
const createForm = (body: unknown) => (t: Ctx) => t.admin.post(`/api/apps/${t.appId}/forms`, body);
const badKeys = [
  '1abc',
  'a-b',
  '"; drop table forms; --',
  '',
  'a b',
  'x'.repeat(64),
  'naïve',
  'a\u0000b',
  '__proto__',
];

const formCases: Case[] = [
  ...badKeys.map((k) => ({
    name: `creating a form refuses the field key ${JSON.stringify(k).slice(0, 30)} with 422`,
    send: createForm(withField(text(k))),
    status: 422,
    path: '/fields/0/key',
  })),
  ...badKeys.map((k) => ({
    name: `saving a form refuses renaming a field to ${JSON.stringify(k).slice(0, 30)} with 422`,
    send: (t: Ctx) =>
      t.admin.put(`/api/forms/${t.formId}`, {
        ...t.formDef,
        fields: t.formDef.fields.map((f: any, i: number) => (i === 1 ? { ...f, key: k } : f)),
      }),
    status: 422,
    path: '/fields/1/key',
  })),
  {
    name: 'creating a form refuses a form key that is not an identifier with 422',
    send: createForm({ key: '1abc', name: 'x', fields: [] }),
    status: 422,
    path: '/key',
  },
  {
    name: 'creating a form refuses a form key already used in the app with 422',
    send: createForm({ key: 'things', name: 'x', fields: [] }),
    status: 422,
    path: '/key',
  },
  {
    name: 'creating a form refuses two fields with one key with 422',
    send: createForm({ key: 'other', name: 'x', fields: [text('a'), text('a')] }),
    status: 422,
    path: '/fields/1/key',
  },
  {
    name: 'creating a form refuses an empty name with 422',
    send: createForm({ key: 'other', name: '', fields: [] }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a form refuses a NUL byte in its name with 422',
    send: createForm({ key: 'other', name: 'a\u0000', fields: [] }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a form refuses a NUL byte in its description with 422',
    send: createForm({ key: 'other', name: 'x', description: '\u0000', fields: [] }),
    status: 422,
    path: '/description',
  },
  {
    name: 'creating a form refuses a NUL byte in its icon with 422',
    send: createForm({ key: 'other', name: 'x', icon: 'star\u0000', fields: [] }),
    status: 422,
    path: '/icon',
  },
  {
    name: 'creating a form refuses a NUL byte in a label with 422',
    send: createForm(withField(text('a', { label: 'La\u0000bel' }))),
    status: 422,
    path: '/fields/0/label',
  },
  {
    name: 'creating a form refuses an empty label with 422',
    send: createForm(withField(text('a', { label: '' }))),
    status: 422,
    path: '/fields/0/label',
  },
  {
    name: 'creating a form refuses a label over 200 characters with 422',
    send: createForm(withField(text('a', { label: 'x'.repeat(201) }))),
    status: 422,
    path: '/fields/0/label',
  },
  {
    name: 'creating a form refuses an unknown field type with 422',
    send: createForm(withField({ key: 'a', type: 'blob', label: 'A' })),
    status: 422,
    path: '/fields/0/type',
  },
  {
    name: 'creating a form refuses a field without a type with 422',
    send: createForm(withField({ key: 'a', label: 'A' })),
    status: 422,
    path: '/fields/0',
  },
  {
    name: 'creating a form refuses fields given as an object with 422',
    send: createForm({ key: 'other', name: 'x', fields: { a: text('a') } }),
    status: 422,
    path: '/fields',
  },
  {
    name: 'creating a form refuses an unknown field property with 422',
    send: createForm(withField(text('a', { colour: 'red' }))),
    status: 422,
    path: '/fields/0/colour',
  },
  {
    name: 'creating a form refuses a select without options with 422',
    send: createForm(withField({ key: 's', type: 'select', label: 'S', options: [] })),
    status: 422,
    path: '/fields/0/options',
  },
  {
    name: 'creating a form refuses a NUL byte in an option value with 422',
    send: createForm(
      withField({ key: 's', type: 'select', label: 'S', options: [{ value: 'a\u0000', label: 'A' }] }),
    ),
    status: 422,
    path: '/fields/0/options/0/value',
  },
  {
    name: 'creating a form refuses a NUL byte in an option label with 422',
    send: createForm(
      withField({ key: 's', type: 'select', label: 'S', options: [{ value: 'a', label: '\u0000' }] }),
    ),
    status: 422,
    path: '/fields/0/options/0/label',
  },
  {
    name: 'creating a form refuses duplicate option values with 422',
    send: createForm(
      withField({
        key: 's',
        type: 'multiselect',
        label: 'S',
        options: [
          { value: 'a', label: 'A' },
          { value: 'a', label: 'B' },
        ],
      }),
    ),
    status: 422,
    path: '/fields/0/options/1/value',
  },
  {
    name: 'creating a form refuses a relation to a missing form with 422',
    send: createForm(withField({ key: 'r', type: 'relation', label: 'R', formId: NO_FORM })),
    status: 422,
    path: '/fields/0/formId',
  },
  {
    name: 'creating a form refuses a formula that does not parse with 422',
    send: createForm({
      key: 'other',
      name: 'x',
      fields: [
        { key: 'n', type: 'number', label: 'N' },
        { key: 'f', type: 'formula', label: 'F', expression: '{n} +' },
      ],
    }),
    status: 422,
    path: '/fields/1/expression',
  },
  {
    name: 'creating a form refuses a formula over a missing field with 422',
    send: createForm(withField({ key: 'f', type: 'formula', label: 'F', expression: '{nope} * 2' })),
    status: 422,
    path: '/fields/0/expression',
  },
  {
    name: 'creating a form refuses a required autonumber with 422',
    send: createForm(
      withField({ key: 'c', type: 'autonumber', label: 'C', format: 'C{000}', required: true }),
    ),
    status: 422,
    path: '/fields/0/required',
  },
  {
    name: 'creating a form refuses a NUL byte in an autonumber format with 422',
    send: createForm(withField({ key: 'c', type: 'autonumber', label: 'C', format: 'C{000}\u0000' })),
    status: 422,
    path: '/fields/0/format',
  },
  {
    name: 'creating a form refuses maxLength 0 with 422',
    send: createForm(withField(text('a', { maxLength: 0 }))),
    status: 422,
    path: '/fields/0/maxLength',
  },
  {
    name: 'creating a form refuses a pattern that is not a regular expression with 422',
    send: createForm(withField(text('a', { pattern: '(' }))),
    status: 422,
    path: '/fields/0/pattern',
  },
  {
    name: 'creating a form refuses a default that is not an option with 422',
    send: createForm(
      withField({
        key: 's',
        type: 'select',
        label: 'S',
        options: [{ value: 'a', label: 'A' }],
        default: 'zzz',
      }),
    ),
    status: 422,
    path: '/fields/0/default',
  },
  {
    name: 'creating a form refuses 301 fields with 422',
    send: createForm({
      key: 'other',
      name: 'x',
      fields: Array.from({ length: 301 }, (_, i) => text(`f${i}`)),
    }),
    status: 422,
    path: '/fields',
  },
  {
    name: 'creating a form refuses a layout naming a missing field with 422',
    send: createForm(withField(text('a'), { layout: { sections: [{ fields: ['nope'] }] } })),
    status: 422,
    path: '/layout/sections/0/fields/0',
  },
  {
    name: 'creating a form refuses a missing title field with 422',
    send: createForm(withField(text('a'), { titleField: 'nope' })),
    status: 422,
    path: '/titleField',
  },
  {
    name: 'creating a form in an app that does not exist answers 404',
    send: (t) => t.admin.post(`/api/apps/${NO_APP}/forms`, withField(text('a'))),
    status: 404,
  },
  {
    name: 'saving a form with a stale version is refused with 409',
    send: (t) => t.admin.put(`/api/forms/${t.formId}`, { ...t.formDef, version: t.formDef.version - 1 }),
    status: 409,
  },
  {
    name: 'saving a form with a field id it never had is refused with 422',
    send: (t) =>
      t.admin.put(`/api/forms/${t.formId}`, {
        ...t.formDef,
        fields: [{ ...t.formDef.fields[0], id: 'fld_000000000000000000' }, ...t.formDef.fields.slice(1)],
      }),
    status: 422,
    path: '/fields/0/id',
  },
  {
    name: 'saving a form that moves a relation to another form is refused with 422',
    send: (t) =>
      t.admin.put(`/api/forms/${t.formId}`, {
        ...t.formDef,
        fields: t.formDef.fields.map((f: any) => (f.key === 'link' ? { ...f, formId: t.formId } : f)),
      }),
    status: 422,
    path: '/fields/16/formId',
  },
  {
    name: 'saving a form that turns names into numbers is refused with 422',
    send: (t) =>
      t.admin.put(`/api/forms/${t.formId}`, {
        ...t.formDef,
        fields: [
          { ...t.formDef.fields[0], type: 'number', maxLength: undefined },
          ...t.formDef.fields.slice(1),
        ],
      }),
    status: 422,
    path: '/fields/0/type',
  },
  {
    name: 'saving a form with a NUL byte in an option value is refused with 422',
    send: (t) =>
      t.admin.put(`/api/forms/${t.formId}`, {
        ...t.formDef,
        fields: t.formDef.fields.map((f: any) =>
          f.key === 'tier' ? { ...f, options: [...f.options, { value: 'c\u0000', label: 'C' }] } : f,
        ),
      }),
    status: 422,
    path: '/fields/9/options/2/value',
  },
  {
    name: 'saving a form that does not exist answers 404',
    send: (t) => t.admin.put(`/api/forms/${NO_FORM}`, { key: 'x', name: 'x', fields: [] }),
    status: 404,
  },
];

// ---------------------------------------------------------------------------------------------
// Sign-in, apps, tokens, users, departments, files, unknown ids, size limits.

const otherCases: Case[] = [
  {
    name: 'signing in with a number for the e-mail is refused with 422',
    send: (t) => t.anon.post('/api/auth/login', { email: 42, password: 'x' }),
    status: 422,
    path: '/email',
  },
  {
    name: 'signing in without a password is refused with 422',
    send: (t) => t.anon.post('/api/auth/login', { email: ADMIN.email }),
    status: 422,
    path: '/password',
  },
  {
    name: 'signing in with a NUL byte in the e-mail is refused with 422',
    send: (t) =>
      t.anon.post('/api/auth/login', { email: 'admin\u0000@example.com', password: ADMIN.password }),
    status: 422,
    path: '/email',
  },
  {
    name: 'signing in with an e-mail over 320 characters is refused with 422',
    send: (t) => t.anon.post('/api/auth/login', { email: `${'a'.repeat(320)}@x.cn`, password: 'x' }),
    status: 422,
    path: '/email',
  },
  {
    name: 'signing in with SQL for the e-mail is refused with 401',
    send: (t) => t.anon.post('/api/auth/login', { email: "' OR 1=1 --", password: "' OR 1=1 --" }),
    status: 401,
    writes: ['audit_log', 'rate_limits'],
  },

  {
    name: 'creating an app with an empty name is refused with 422',
    send: (t) => t.admin.post('/api/apps', { name: '' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating an app with a name over 100 characters is refused with 422',
    send: (t) => t.admin.post('/api/apps', { name: 'x'.repeat(101) }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating an app with a NUL byte in its name is refused with 422',
    send: (t) => t.admin.post('/api/apps', { name: 'CRM\u0000' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating an app with a number for a name is refused with 422',
    send: (t) => t.admin.post('/api/apps', { name: 7 }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating an app with a NUL byte in its icon is refused with 422',
    send: (t) => t.admin.post('/api/apps', { name: 'CRM', icon: '\u0000' }),
    status: 422,
    path: '/icon',
  },
  {
    name: 'renaming an app to null is refused with 422',
    send: (t) => t.admin.patch(`/api/apps/${t.appId}`, { name: null }),
    status: 422,
    path: '/name',
  },
  {
    name: 'renaming an app that does not exist answers 404',
    send: (t) => t.admin.patch(`/api/apps/${NO_APP}`, { name: 'x' }),
    status: 404,
  },
  {
    name: 'deleting an app that does not exist answers 404',
    send: (t) => t.admin.del(`/api/apps/${NO_APP}`),
    status: 404,
  },

  {
    name: 'creating a token with an empty name is refused with 422',
    send: (t) => t.admin.post('/api/tokens', { name: '' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a token with a name over 100 characters is refused with 422',
    send: (t) => t.admin.post('/api/tokens', { name: 'x'.repeat(101) }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a token with a NUL byte in its name is refused with 422',
    send: (t) => t.admin.post('/api/tokens', { name: 'ci\u0000' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'revoking a token that does not exist answers 404',
    send: (t) => t.admin.del('/api/tokens/tok_000000000000000000'),
    status: 404,
  },

  {
    name: 'creating a user with an invalid e-mail is refused with 422',
    send: (t) => t.admin.post('/api/users', { email: 'nope', name: 'N', password: 'User-pass-1' }),
    status: 422,
    path: '/email',
  },
  {
    name: 'creating a user with a taken e-mail is refused with 409',
    send: (t) =>
      t.admin.post('/api/users', { email: ADMIN.email.toUpperCase(), name: 'N', password: 'User-pass-1' }),
    status: 409,
    path: '/email',
  },
  {
    name: 'creating a user with a weak password is refused with 422',
    send: (t) => t.admin.post('/api/users', { email: 'n@example.com', name: 'N', password: 'short' }),
    status: 422,
    path: '/password',
  },
  {
    name: 'creating a user with a NUL byte in the name is refused with 422',
    send: (t) =>
      t.admin.post('/api/users', { email: 'n@example.com', name: 'N\u0000', password: 'User-pass-1' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a user with a NUL byte in the phone is refused with 422',
    send: (t) =>
      t.admin.post('/api/users', {
        email: 'n@example.com',
        name: 'N',
        phone: '1\u0000',
        password: 'User-pass-1',
      }),
    status: 422,
    path: '/phone',
  },
  {
    name: 'creating a user with "yes" for isAdmin is refused with 422',
    send: (t) =>
      t.admin.post('/api/users', {
        email: 'n@example.com',
        name: 'N',
        password: 'User-pass-1',
        isAdmin: 'yes',
      }),
    status: 422,
    path: '/isAdmin',
  },
  {
    name: 'creating a user in a department that does not exist is refused with 422',
    send: (t) =>
      t.admin.post('/api/users', {
        email: 'n@example.com',
        name: 'N',
        password: 'User-pass-1',
        mainDepartmentId: NO_DEPT,
      }),
    status: 422,
    path: '/mainDepartmentId',
  },

  {
    name: 'creating a department with an empty name is refused with 422',
    send: (t) => t.admin.post('/api/departments', { name: '' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a department with a NUL byte in the name is refused with 422',
    send: (t) => t.admin.post('/api/departments', { name: 'Sales\u0000' }),
    status: 422,
    path: '/name',
  },
  {
    name: 'creating a department under a missing parent is refused with 422',
    send: (t) => t.admin.post('/api/departments', { name: 'Sales', parentId: NO_DEPT }),
    status: 422,
    path: '/parentId',
  },
  {
    name: 'creating a department headed by nobody is refused with 422',
    send: (t) => t.admin.post('/api/departments', { name: 'Sales', headUserId: NOBODY }),
    status: 422,
    path: '/headUserId',
  },
  {
    name: 'creating a department with a fractional sort is refused with 422',
    send: (t) => t.admin.post('/api/departments', { name: 'Sales', sort: 1.5 }),
    status: 422,
    path: '/sort',
  },
  {
    name: 'creating a department with a sort too large to store is refused with 422',
    send: (t) => t.admin.post('/api/departments', { name: 'Sales', sort: 1e12 }),
    status: 422,
    path: '/sort',
  },

  {
    name: 'uploading JSON instead of multipart is refused with 400',
    send: (t) => t.admin.post('/api/files', { file: 'x' }),
    status: 400,
  },
  {
    name: 'uploading plain text instead of multipart is refused with 400',
    send: (t) => raw(t.admin, 'POST', '/api/files', 'hello', 'text/plain'),
    status: 400,
  },
  {
    name: 'uploading a form without a file is refused with 400',
    send: (t) => t.admin.raw('POST', '/api/files', { body: formData({ other: 'x' }) }),
    status: 400,
    path: '/file',
  },
  {
    name: 'uploading a text value where the file belongs is refused with 400',
    send: (t) => t.admin.raw('POST', '/api/files', { body: formData({ file: 'not a file' }) }),
    status: 400,
    path: '/file',
  },
  {
    name: 'uploading a file over the size limit is refused with 413',
    send: (t) =>
      t.small.raw('POST', '/api/files', {
        body: formData({ file: new File([new Uint8Array(100 * 1024)], 'big.bin') }),
      }),
    status: 413,
  },

  {
    name: 'a record body over the size limit is refused with 413',
    send: (t) =>
      t.small.post(`/api/forms/${t.formId}/records`, {
        fields: { name: 'big', notes: 'x'.repeat(100 * 1024) },
      }),
    status: 413,
  },
  {
    name: 'a batch body over the size limit is refused with 413',
    send: (t) =>
      t.small.post(`/api/forms/${t.formId}/records/batch`, {
        records: Array.from({ length: 3000 }, (_, i) => ({ fields: { name: `big${i}` } })),
      }),
    status: 413,
  },
  {
    name: 'a form body over the size limit is refused with 413',
    send: (t) => t.small.put(`/api/forms/${t.formId}`, { ...t.formDef, description: 'x'.repeat(100 * 1024) }),
    status: 413,
  },
  {
    name: 'a sign-in body over the size limit is refused with 413',
    send: (t) => t.small.post('/api/auth/login', { email: ADMIN.email, password: 'x'.repeat(100 * 1024) }),
    status: 413,
  },

  {
    name: 'a form id that does not exist answers 404',
    send: (t) => t.admin.get(`/api/forms/${NO_FORM}`),
    status: 404,
  },
  {
    name: 'a form id written in SQL answers 404',
    send: (t) => t.admin.get(`/api/forms/${encodeURIComponent(SQLISH)}/records`),
    status: 404,
  },
  {
    name: 'a form id in Chinese answers 404',
    send: (t) => t.admin.get(`/api/forms/${encodeURIComponent('客户')}/schema`),
    status: 404,
  },
  {
    name: 'a record id of 5000 characters answers 404',
    send: (t) => t.admin.get(`/api/forms/${t.formId}/records/${'r'.repeat(5000)}`),
    status: 404,
  },
  {
    name: 'a record id with a NUL byte is refused with 400',
    send: (t) => t.admin.get(`/api/forms/${t.formId}/records/rec%00`),
    status: 400,
  },
  {
    name: 'a form id with broken percent-encoding is refused with 400',
    send: (t) => t.admin.get(`/api/forms/%E0%A4%A/records`),
    status: 400,
  },
  {
    name: 'deleting a record that does not exist answers 404',
    send: (t) => t.admin.del(`/api/forms/${t.formId}/records/${NO_RECORD}`),
    status: 404,
  },
  {
    name: 'restoring a record that does not exist answers 404',
    send: (t) => t.admin.post(`/api/forms/${t.formId}/records/${NO_RECORD}/restore`),
    status: 404,
  },
  {
    name: 'the history of a record that does not exist answers 404',
    send: (t) => t.admin.get(`/api/forms/${t.formId}/records/${NO_RECORD}/history`),
    status: 404,
  },
  {
    name: 'a file that does not exist answers 404',
    send: (t) => t.admin.get('/api/files/fil_000000000000000000'),
    status: 404,
  },
  { name: 'an unknown API route answers 404', send: (t) => t.admin.get('/api/nope'), status: 404 },
  {
    name: 'a change without the CSRF header is refused with 403',
    send: (t) => t.admin.json('POST', '/api/apps', { name: 'x' }, { 'x-csrf-token': '' }),
    status: 403,
  },
  {
    name: 'a change without signing in is refused with 401',
    send: (t) => t.anon.post('/api/apps', { name: 'x' }),
    status: 401,
  },
];

function formData(entries: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
}

const cases: Case[] = [
  ...bodyCases,
  ...recordCases,
  ...aggregateCases,
  ...listCases,
  ...formCases,
  ...otherCases,
];

describe.each(engines)('bad input on %s', (engine) => {
  let s: TestServer;
  const t = {} as Ctx;

  beforeAll(async () => {
    s = await startServer(engine);
    t.admin = await s.client();
    t.anon = s.anonymous();
    const smallApp = createApp({
      db: s.db.db,
      engine,
      config: testConfig({ ...s.deps.config, maxBodyBytes: 64 * 1024, maxUploadBytes: 32 * 1024 }),
      clock: s.deps.clock,
    });
    t.small = new Client(smallApp);
    expect((await t.small.post('/api/auth/login', ADMIN)).status).toBe(200);
    t.appId = (await t.admin.post('/api/apps', { name: 'Bad input' })).body.id;
    const target = await t.admin.post(`/api/apps/${t.appId}/forms`, {
      key: 'targets',
      name: 'Targets',
      fields: [{ key: 'title', type: 'text', label: 'Title' }],
    });
    t.targetFormId = target.body.id;
    const form = await t.admin.post(`/api/apps/${t.appId}/forms`, thingsForm(t.targetFormId));
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    t.formId = form.body.id;
    t.formDef = (await t.admin.get(`/api/forms/${t.formId}`)).body;
    const t1 = await t.admin.post(`/api/forms/${t.targetFormId}/records`, { fields: { title: 'one' } });
    const t2 = await t.admin.post(`/api/forms/${t.targetFormId}/records`, { fields: { title: 'two' } });
    t.targets = [t1.body.id, t2.body.id];
    const rec = await t.admin.post(`/api/forms/${t.formId}/records`, {
      fields: { name: 'existing', qty: 3, tier: 'a', link: [t1.body.id] },
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    t.rec = { id: rec.body.id, version: rec.body.version };
    expect((await t.admin.post(`/api/forms/${t.formId}/records`, { fields: { name: 'taken' } })).status).toBe(
      201,
    );
    t.deptId = (await t.admin.post('/api/departments', { name: 'Support' })).body.id;
    t.userId = (
      await t.admin.post('/api/users', {
        email: 'member@example.com',
        name: 'Member',
        password: 'User-pass-1',
      })
    ).body.id;
  });
  afterAll(() => s?.close());

  const unwritten = async (c: Case) => {
    const all = await dbSnapshot(s.db.db, engine);
    for (const table of c.writes ?? []) delete all[table];
    return all;
  };

  for (const c of cases)
    it(c.name, async () => {
      const before = await unwritten(c);
      const r = await c.send(t);
      if (c.status === 200) {
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
        if (r.status !== 200) expectError(r, r.status);
      } else {
        expectError(r, c.status, c.path);
      }
      expect(await unwritten(c)).toEqual(before);
    });
});

// ---------------------------------------------------------------------------------------------
// Hostile-looking text is data.

const hostile = [
  "'); DROP TABLE users; --",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽',
  '\u202Egnp.exe',
  '\u200Fمرحبا\u200E עברית',
  'It\'s "quoted" \\ back\\slash \\\\',
  '../../etc/passwd',
  '100%_done\\',
  '{{constructor.constructor("alert(1)")()}} ${7*7}',
  ' leading and trailing \t\r\n',
  'e\u0301 vs é, \uFEFFBOM, 𝕏',
  'null',
];

describe.each(engines)('hostile-looking text on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
  });
  afterAll(() => s?.close());

  it('keeps app names byte for byte', async () => {
    for (const name of hostile) {
      const created = await admin.post('/api/apps', { name, description: name });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      appId = created.body.id;
      const read = await admin.get(`/api/apps/${appId}`);
      expect(read.body.name).toBe(name);
      expect(read.body.description).toBe(name);
      const renamed = await admin.patch(`/api/apps/${appId}`, { name: `${name}!` });
      expect(renamed.body.name).toBe(`${name}!`);
    }
  });

  it('keeps form names, labels, option values and option labels byte for byte', async () => {
    const options = hostile.map((h) => ({ value: h, label: `${h} label` }));
    const body = {
      key: 'hostile',
      name: hostile[0],
      description: hostile.join('|'),
      fields: [
        ...hostile.map((h, i) => ({ key: `t${i}`, type: 'text', label: h, help: h, placeholder: h })),
        { key: 'choice', type: 'select', label: hostile[2], options },
        { key: 'many', type: 'multiselect', label: hostile[3], options },
      ],
    };
    const created = await admin.post(`/api/apps/${appId}/forms`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = (await admin.get(`/api/forms/${created.body.id}`)).body;
    expect(read.name).toBe(body.name);
    expect(read.description).toBe(body.description);
    expect(read.fields.map((f: any) => [f.label, f.help, f.placeholder])).toEqual(
      body.fields.map((f: any) => [f.label, f.help, f.placeholder]),
    );
    expect(read.fields.find((f: any) => f.key === 'choice').options).toEqual(options);
    const schema = await admin.get(`/api/forms/${created.body.id}/schema`);
    expect(schema.status).toBe(200);
    expect(JSON.stringify(schema.body)).toContain(JSON.stringify(hostile[2]).slice(1, -1));
    const saved = await admin.put(`/api/forms/${created.body.id}`, { ...read, name: hostile[4] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await admin.get(`/api/forms/${created.body.id}`)).body.name).toBe(hostile[4]);
  });

  it('stores record values byte for byte and finds them by filter and search', async () => {
    const form = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'notes',
      name: 'Notes',
      fields: [
        { key: 'title', type: 'text', label: 'Title' },
        { key: 'body', type: 'textarea', label: 'Body' },
        { key: 'kind', type: 'select', label: 'Kind', options: hostile.map((h) => ({ value: h, label: h })) },
        {
          key: 'kinds',
          type: 'multiselect',
          label: 'Kinds',
          options: hostile.map((h) => ({ value: h, label: h })),
        },
      ],
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    const formId = form.body.id;
    for (const h of hostile) {
      const fields = { title: h, body: `${h}\n${h}`, kind: h, kinds: [...new Set([h, hostile[0]])] };
      const created = await admin.post(`/api/forms/${formId}/records`, { fields });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.fields).toEqual(fields);
      expect((await admin.get(`/api/forms/${formId}/records/${created.body.id}`)).body.fields).toEqual(
        fields,
      );
      const byFilter = await admin.get(
        `/api/forms/${formId}/records?filter=${q({
          and: [
            { field: 'title', op: 'eq', value: h },
            { field: 'kind', op: 'eq', value: h },
            { field: 'kinds', op: 'contains', value: h },
          ],
        })}`,
      );
      expect(byFilter.status, JSON.stringify(byFilter.body)).toBe(200);
      expect(byFilter.body.items.map((r: any) => r.id)).toEqual([created.body.id]);
      const patched = await admin.patch(`/api/forms/${formId}/records/${created.body.id}`, {
        fields: { body: h },
        version: created.body.version,
      });
      expect(patched.body.fields.body).toBe(h);
    }
    const hits = await admin.get(`/api/forms/${formId}/records?q=${q('DROP TABLE users')}`);
    expect(hits.body.items.map((r: any) => r.fields.title)).toEqual([hostile[0]]);
  });

  it('searches for % and _ literally', async () => {
    const form = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'search',
      name: 'Search',
      fields: [{ key: 'title', type: 'text', label: 'Title' }],
    });
    const formId = form.body.id;
    const titles = ['100% sure', '100 sure', 'a_b', 'axb', 'back\\slash', 'backslash'];
    const batch = await admin.post(`/api/forms/${formId}/records/batch`, {
      records: titles.map((title) => ({ fields: { title } })),
    });
    expect(batch.status).toBe(201);
    const search = async (text: string) =>
      (await admin.get(`/api/forms/${formId}/records?q=${q(text)}&sort=title`)).body.items.map(
        (r: any) => r.fields.title,
      );
    expect(await search('%')).toEqual(['100% sure']);
    expect(await search('0% s')).toEqual(['100% sure']);
    expect(await search('_')).toEqual(['a_b']);
    expect(await search('a_b')).toEqual(['a_b']);
    expect(await search('\\')).toEqual(['back\\slash']);
    expect(await search('%%')).toEqual([]);
    const contains = await admin.get(
      `/api/forms/${formId}/records?filter=${q({ field: 'title', op: 'contains', value: '_' })}`,
    );
    expect(contains.body.items.map((r: any) => r.fields.title)).toEqual(['a_b']);
  });

  it('keeps department, user and token names byte for byte', async () => {
    for (const h of hostile.slice(0, 6)) {
      const dep = await admin.post('/api/departments', { name: h });
      expect(dep.status, JSON.stringify(dep.body)).toBe(201);
      expect(
        (await admin.get('/api/departments')).body.items.find((d: any) => d.id === dep.body.id).name,
      ).toBe(h);
      const tok = await admin.post('/api/tokens', { name: h });
      expect(tok.status).toBe(201);
      expect((await admin.get('/api/tokens')).body.items.find((x: any) => x.id === tok.body.id).name).toBe(h);
    }
    const user = await admin.post('/api/users', {
      email: "o'brien+x@example.com",
      name: hostile[2],
      password: 'User-pass-1',
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    expect((await admin.get('/api/users')).body.items.find((u: any) => u.id === user.body.id).name).toBe(
      hostile[2],
    );
  });
});
