import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterOps } from '../server/filter/index.js';
import { isErrorShape } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type Reply, type TestServer, startServer } from './support/server.js';

/**
 * Random payloads against the records routes: whatever arrives, the answer is never a 500; every
 * refusal is a 4xx in the API.md error shape and changes nothing; every success reads back as
 * it was answered.
 */

const runs = { numRuns: 150, endOnFailure: true };

const options = [
  { value: 'a', label: 'A' },
  { value: "o'reilly", label: 'Quote' },
  { value: '高价值', label: '高价值' },
];

const formFields = (targetFormId: string) => [
  { key: 'name', type: 'text', label: 'Name', maxLength: 40, unique: true },
  { key: 'notes', type: 'textarea', label: 'Notes' },
  { key: 'qty', type: 'number', label: 'Quantity', min: -1000, max: 1000 },
  { key: 'amount', type: 'currency', label: 'Amount' },
  { key: 'pct', type: 'percent', label: 'Percent' },
  { key: 'stars', type: 'rating', label: 'Stars' },
  { key: 'email', type: 'email', label: 'E-mail' },
  { key: 'phone', type: 'phone', label: 'Phone' },
  { key: 'site', type: 'url', label: 'Site' },
  { key: 'tier', type: 'select', label: 'Tier', options },
  { key: 'tags', type: 'multiselect', label: 'Tags', options },
  { key: 'vip', type: 'checkbox', label: 'VIP' },
  { key: 'since', type: 'date', label: 'Since' },
  { key: 'at', type: 'datetime', label: 'At' },
  { key: 'owner', type: 'member', label: 'Owner' },
  { key: 'dept', type: 'department', label: 'Department' },
  { key: 'link', type: 'relation', label: 'Target', formId: targetFormId, multiple: true },
  { key: 'code', type: 'autonumber', label: 'Code', format: 'F{0000}' },
  { key: 'doubled', type: 'formula', label: 'Doubled', expression: '{qty} * 2' },
];

const keys = formFields('frm_000000000000000000').map((f) => f.key);
const textKeys = new Set(['name', 'notes', 'email', 'phone', 'site', 'tier']);
const systemKeys = [
  'id',
  'state',
  'ownerId',
  'departmentId',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
];

const hostile = [
  "'); DROP TABLE users; --",
  '<script>alert(1)</script>',
  '👩‍👩‍👧‍👦',
  '\u202Eabc',
  '100%_\\',
  '../../etc/passwd',
  '\u0000',
  'a\u0000b',
  'x\u0000',
  '\ud800',
  'a\udc00',
  '',
  ' ',
  '$me',
  '$myDepartments',
  'today',
];

/** Strings of every kind: printable, any code point (NULs and lone surrogates too), hostile. */
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostile) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 600 }) },
);
const anyJson = fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' });
const isoDay = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Values that are plausible for a key, so that many payloads get past the first check. */
function plausible(
  key: string,
  ids: { users: string[]; depts: string[]; targets: string[] },
): fc.Arbitrary<unknown> {
  const number = fc.oneof(
    fc.integer({ min: -2000, max: 2000 }),
    fc.double({ noNaN: true }),
    fc.constantFrom(1.005, 0.1 + 0.2, 1e16, -0, 2 ** 53, '1,234.50', ' 12 ', '1e3'),
  );
  switch (key) {
    case 'qty':
    case 'amount':
    case 'pct':
    case 'stars':
      return number;
    case 'tier':
      return fc.oneof(fc.constantFrom(...options.map((o) => o.value)), anyString);
    case 'tags':
      return fc.array(fc.oneof(fc.constantFrom(...options.map((o) => o.value)), anyString), { maxLength: 4 });
    case 'vip':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'since':
      return fc.oneof(
        isoDay.map((s) => s.slice(0, 10)),
        fc.constantFrom('2024-02-29', '2023-02-29', '2024-13-01', 'today'),
      );
    case 'at':
      return fc.oneof(
        isoDay,
        isoDay.map((s) => s.replace('Z', '+08:00')),
        fc.constantFrom('2024-02-30T10:00:00Z', '2024-05-20T24:00:00Z', 'now'),
      );
    case 'owner':
      return fc.oneof(
        fc.constantFrom(...ids.users),
        fc.constant('usr_000000000000000000'),
        fc.array(fc.constantFrom(...ids.users)),
      );
    case 'dept':
      return fc.oneof(fc.constantFrom(...ids.depts), fc.constant('dep_000000000000000000'));
    case 'link':
      return fc.oneof(
        fc.subarray(ids.targets),
        fc.constant(['rec_000000000000000000']),
        fc.constantFrom(...ids.targets),
      );
    case 'email':
      return fc.oneof(fc.emailAddress(), anyString);
    case 'site':
      return fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'ftp://x.cn'), anyString);
    case 'phone':
      return fc.oneof(fc.stringMatching(/^\+?[0-9][0-9 ()-]{4,20}$/), anyString);
    default:
      return anyString;
  }
}

/** A `fields` object: known keys (computed ones too), unknown keys, and each a plausible or any JSON value. */
const fieldsArb = (ids: Parameters<typeof plausible>[1]) =>
  fc
    .uniqueArray(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...keys) },
        {
          weight: 1,
          arbitrary: fc.oneof(
            anyString,
            fc.constantFrom('__proto__', 'constructor', 'toString', 'name ', 'Name'),
          ),
        },
      ),
      { maxLength: 8 },
    )
    .chain((ks) =>
      fc
        .tuple(
          ...ks.map((k) =>
            fc.oneof({ weight: 3, arbitrary: plausible(k, ids) }, { weight: 1, arbitrary: anyJson }),
          ),
        )
        .map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]]))),
    );

const opsByKey: Record<string, string[]> = {
  text: ['eq', 'ne', 'in', 'nin', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'nin', 'isEmpty', 'isNotEmpty'],
  choice: ['eq', 'ne', 'in', 'nin', 'isEmpty', 'isNotEmpty'],
  array: ['eq', 'contains', 'in', 'nin', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
};
const kindOf = (key: string) =>
  ['qty', 'amount', 'pct', 'stars', 'doubled'].includes(key)
    ? 'number'
    : ['tier', 'vip', 'owner', 'dept'].includes(key)
      ? 'choice'
      : ['tags', 'link'].includes(key)
        ? 'array'
        : ['since', 'at', 'createdAt', 'updatedAt'].includes(key)
          ? 'date'
          : 'text';

/** A condition that fits its field most of the time: a known field, an op for its kind, a value like its values. */
const saneCondition = (ids: Parameters<typeof plausible>[1]) =>
  fc.constantFrom(...keys, 'createdAt', 'ownerId').chain((field) =>
    fc.constantFrom(...opsByKey[kindOf(field)]).chain((op) => {
      const one = plausible(field === 'createdAt' ? 'at' : field === 'ownerId' ? 'owner' : field, ids);
      const value =
        op === 'isEmpty' || op === 'isNotEmpty'
          ? fc.constant(undefined)
          : op === 'between'
            ? fc.tuple(one, one)
            : op === 'in' || op === 'nin'
              ? fc.array(one, { maxLength: 3 })
              : one;
      return value.map((v) => (v === undefined ? { field, op } : { field, op, value: v }));
    }),
  );

/** Any condition: fields, ops and values from everywhere. */
const wildCondition = fc.record(
  {
    field: fc.oneof(fc.constantFrom(...keys, ...systemKeys), anyString),
    op: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...filterOps) },
      { weight: 1, arbitrary: anyString },
    ),
    value: fc.oneof(
      anyJson,
      fc.constantFrom(
        'today',
        { relative: '-30d' },
        { relative: '-99999y' },
        '$me',
        '$myDepartments',
        1e10,
        -1e300,
        2.5,
      ),
      fc.array(fc.oneof(fc.integer(), anyString), { maxLength: 3 }),
    ),
  },
  { requiredKeys: ['field', 'op'] },
);

/** Filters: mostly sane conditions in and/or/not groups, some wild ones, some any JSON at all. */
const filterArb = (ids: Parameters<typeof plausible>[1]): fc.Arbitrary<unknown> =>
  fc.letrec<{ f: unknown }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: saneCondition(ids) },
      { weight: 2, arbitrary: fc.record({ and: fc.array(tie('f'), { maxLength: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ or: fc.array(tie('f'), { maxLength: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ not: tie('f') }) },
      { weight: 1, arbitrary: wildCondition },
      { weight: 1, arbitrary: anyJson },
    ),
  })).f;

const sortKey = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...keys, ...systemKeys) },
      { weight: 1, arbitrary: anyString },
    ),
  )
  .map(([d, k]) => d + k);

/** Usually left out, sometimes there. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** List query strings: each parameter usually sane or left out, sometimes anything. */
const listQueryArb = (ids: Parameters<typeof plausible>[1]) =>
  fc.record({
    filter: fc.option(
      filterArb(ids).map((f) => JSON.stringify(f)),
      { nil: undefined },
    ),
    sort: fc.option(
      fc.oneof(
        { weight: 4, arbitrary: fc.array(sortKey, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(',')) },
        { weight: 1, arbitrary: anyString },
      ),
      { nil: undefined },
    ),
    limit: fc.option(
      fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 500 }) },
        { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 100000 }), anyString) },
      ),
      { nil: undefined },
    ),
    cursor: rarely(
      fc.oneof(
        anyString,
        fc
          .array(fc.oneof(anyJson, fc.integer(), fc.constantFrom('2026-01-01T00:00:00.000Z', 'rec_x')), {
            maxLength: 3,
          })
          .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
      ),
    ),
    q: fc.option(
      fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: anyString }),
      { nil: undefined },
    ),
    count: rarely(fc.constantFrom('true', 'false', 'yes')),
  });

/** Aggregate bodies: usually sane groupings and metrics, sometimes anything. */
const aggregateArb = (ids: Parameters<typeof plausible>[1]) =>
  fc.record(
    {
      filter: rarely(filterArb(ids)),
      groupBy: fc.array(
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc.constantFrom(
              'tier',
              'vip',
              'owner',
              'dept',
              'since',
              'qty',
              'name',
              'ownerId',
              'createdAt',
            ),
          },
          {
            weight: 2,
            arbitrary: fc.record({
              field: fc.constantFrom('since', 'at', 'createdAt', 'tier'),
              bucket: fc.constantFrom('day', 'week', 'month', 'quarter', 'year'),
            }),
          },
          { weight: 1, arbitrary: fc.oneof(anyString, anyJson) },
        ),
        { maxLength: 3 },
      ),
      metrics: fc.array(
        fc.oneof(
          { weight: 2, arbitrary: fc.constant({ op: 'count' }) },
          {
            weight: 4,
            arbitrary: fc.record({
              op: fc.constantFrom('count', 'sum', 'avg', 'min', 'max'),
              field: fc.constantFrom('qty', 'amount', 'pct', 'stars', 'doubled'),
            }),
          },
          {
            weight: 2,
            arbitrary: fc.record({
              op: fc.constantFrom('count', 'min', 'max'),
              field: fc.constantFrom('since', 'at', 'createdAt'),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record(
              {
                op: fc.oneof(fc.constantFrom('median', 'sum'), anyString),
                field: fc.oneof(fc.constantFrom(...keys), anyString),
              },
              { requiredKeys: ['op'] },
            ),
          },
        ),
        { minLength: 1, maxLength: 2 },
      ),
      q: fc.string({ maxLength: 6 }),
    },
    { requiredKeys: ['metrics'] },
  );

/** A 4xx in the API.md shape, with a readable reason when not. */
function expectRefusal(r: Reply, sent: unknown) {
  const why = `${r.status} ${JSON.stringify(r.body).slice(0, 400)} for ${JSON.stringify(sent).slice(0, 400)}`;
  expect(r.status, why).toBeGreaterThanOrEqual(400);
  expect(r.status, why).toBeLessThan(500);
  expect(isErrorShape(r.body), why).toBe(true);
}

describe.each(engines)('fuzzed record payloads on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;
  let table: string;
  let existing: string;
  const ids = { users: [] as string[], depts: [] as string[], targets: [] as string[] };

  const rowCount = async () =>
    Number(
      (await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(s.db.db))
        .rows[0].n,
    );

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: 'Fuzz' })).body;
    const target = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'targets',
        name: 'Targets',
        fields: [{ key: 'title', type: 'text', label: 'Title' }],
      })
    ).body;
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'things',
      name: 'Things',
      fields: formFields(target.id),
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    formId = form.body.id;
    table = `r_${formId}`;
    const batch = await admin.post(`/api/forms/${target.id}/records/batch`, {
      records: [{ fields: { title: 'one' } }, { fields: { title: 'two' } }],
    });
    ids.targets = batch.body.items.map((r: { id: string }) => r.id);
    ids.users = (await admin.get('/api/users')).body.items.map((u: { id: string }) => u.id);
    ids.depts = [(await admin.post('/api/departments', { name: 'Sales' })).body.id];
    existing = (await admin.post(`/api/forms/${formId}/records`, { fields: { name: 'existing', qty: 1 } }))
      .body.id;
  });
  afterAll(() => s?.close());

  it('creates what it answers and refuses the rest without a trace', async () => {
    await fc.assert(
      fc.asyncProperty(fieldsArb(ids), async (fields) => {
        const before = await rowCount();
        const r = await admin.post(`/api/forms/${formId}/records`, { fields });
        if (r.status === 201) {
          const read = await admin.get(`/api/forms/${formId}/records/${r.body.id}`);
          expect(read.body).toEqual(r.body);
          for (const [k, v] of Object.entries(fields))
            if (textKeys.has(k) && typeof v === 'string' && v !== '')
              expect(r.body.fields[k], `${k} byte for byte`).toBe(v);
          expect(await rowCount()).toBe(before + 1);
        } else {
          expectRefusal(r, fields);
          expect(await rowCount()).toBe(before);
        }
      }),
      runs,
    );
  });

  it('patches what it answers and leaves a refused record as it was', async () => {
    await fc.assert(
      fc.asyncProperty(fieldsArb(ids), async (fields) => {
        const before = (await admin.get(`/api/forms/${formId}/records/${existing}`)).body;
        const r = await admin.patch(`/api/forms/${formId}/records/${existing}`, {
          fields,
          version: before.version,
        });
        const after = (await admin.get(`/api/forms/${formId}/records/${existing}`)).body;
        if (r.status === 200) expect(after).toEqual(r.body);
        else {
          expectRefusal(r, fields);
          expect(after).toEqual(before);
        }
      }),
      runs,
    );
  });

  it('answers any list query with a page or a 400', async () => {
    await fc.assert(
      fc.asyncProperty(listQueryArb(ids), async (query) => {
        const qs = new URLSearchParams(
          Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
        ).toString();
        const r = await admin.get(`/api/forms/${formId}/records?${qs}`);
        if (r.status === 200) expect(Array.isArray(r.body.items)).toBe(true);
        else {
          expectRefusal(r, query);
          expect(r.status, JSON.stringify(r.body)).toBe(400);
        }
      }),
      runs,
    );
  });

  it('answers any aggregate with rows or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(aggregateArb(ids), async (body) => {
        const r = await admin.post(`/api/forms/${formId}/aggregate`, body);
        if (r.status === 200) expect(Array.isArray(r.body.rows)).toBe(true);
        else expectRefusal(r, body);
      }),
      runs,
    );
  });
});
