import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

const reserved = [
  'id',
  'formId',
  'version',
  'state',
  'ownerId',
  'departmentId',
  'createdBy',
  'createdAt',
  'updatedBy',
  'updatedAt',
  'deletedAt',
  'seq',
  'stateEnteredAt',
];
// Other spellings of the same names: casing and underscores do not make a name different.
const variants = [
  'ID',
  'Id',
  'OWNERID',
  'ownerid',
  'owner_id',
  'Created_At',
  'DELETED_AT',
  'Seq',
  'STATE',
  'formid',
];

const template = (id: string, key: string) => ({
  id,
  name: 'Reserved',
  version: '1.0.0',
  forms: [
    {
      key: 'things',
      name: 'Things',
      fields: [
        { key: 'title', type: 'text', label: 'Title' },
        { key, type: 'text', label: 'Sneaky' },
      ],
    },
  ],
  views: [],
  workflows: [],
});

describe.each(engines)('system names on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: 'Names' })).body.id;
  });
  afterAll(() => s?.close());

  it('refuses every system name, in any casing, as a field key when a form is created, naming the field', async () => {
    for (const key of [...reserved, ...variants]) {
      const r = await admin.post(`/api/apps/${appId}/forms`, {
        key: `f${Math.random().toString(36).slice(2, 8)}`,
        name: 'F',
        fields: [
          { key: 'title', type: 'text', label: 'T' },
          { key, type: 'text', label: 'X' },
        ],
      });
      expect(r.status, key).toBe(422);
      expect(r.body.error.code).toBe('validation_failed');
      const d = r.body.error.details.find((x: { path: string }) => x.path === '/fields/1/key');
      expect(d?.message, key).toContain(`"${key}"`);
    }
  });

  it('refuses a system name when a form is saved again (PUT), keeping the definition as it was', async () => {
    const form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'clean',
        name: 'Clean',
        fields: [{ key: 'title', type: 'text', label: 'T' }],
      })
    ).body;
    const r = await admin.put(`/api/forms/${form.id}`, {
      ...form,
      fields: [...form.fields, { key: 'CreatedBy', type: 'text', label: 'X' }],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain('/fields/1/key');
    expect((await admin.get(`/api/forms/${form.id}`)).body.version).toBe(form.version);
  });

  it('refuses a system name in an imported template and in a stored one at install, naming the field', async () => {
    const r = await admin.post('/api/templates', template('reserved-one', 'updatedAt'));
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain('/forms/0/fields/1/key');
    // A document stored before the rule existed cannot be installed either.
    const now = new Date().toISOString();
    const doc = template('reserved-old', 'owner_id');
    await s.db.db
      .insertInto('templates')
      .values({
        id: doc.id,
        name: doc.name,
        version: doc.version,
        category: null,
        description: null,
        document: JSON.stringify(doc),
        created_by: null,
        updated_at: now,
        created_at: now,
      } as never)
      .execute();
    const install = await admin.post(`/api/templates/${doc.id}/install`, {});
    expect(install.status).toBe(422);
    expect(install.body.error.details.map((d: { path: string }) => d.path)).toContain(
      '/forms/0/fields/1/key',
    );
  });

  it('gives an automatic reverse relation a key that is not a system name', async () => {
    const target = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'targets',
        name: 'Targets',
        fields: [{ key: 'title', type: 'text', label: 'T' }],
      })
    ).body;
    // The reverse side is named after the source form's key, here a system name.
    const source = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'state',
      name: 'States',
      fields: [{ key: 'target', type: 'relation', label: 'T', formId: target.id }],
    });
    expect(source.status).toBe(201);
    const keys = (await admin.get(`/api/forms/${target.id}`)).body.fields.map((f: { key: string }) => f.key);
    expect(keys).toHaveLength(2);
    expect(keys).not.toContain('state');
    expect(keys).toContain('state2');
  });

  it('compiles scopes and filters against the system columns even when an old definition has a field named like one', async () => {
    const form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'legacy',
        name: 'Legacy',
        fields: [
          { key: 'title', type: 'text', label: 'T' },
          { key: 'ownerRef', type: 'text', label: 'Owner?' },
        ],
      })
    ).body;
    const mallory = await s.addUser('mallory@example.com', 'Mallory');
    const role = (
      await admin.post('/api/roles', {
        name: 'Own only',
        grants: [{ formId: form.id, actions: ['read', 'create'], scope: 'own' }],
      })
    ).body;
    await admin.patch(`/api/users/${mallory}`, { roleIds: [role.id] });
    // Someone else's record whose user field claims Mallory as its owner.
    const other = await admin.post(`/api/forms/${form.id}/records`, {
      fields: { title: 'not hers', ownerRef: mallory },
    });
    expect(other.status).toBe(201);
    const m = await s.client('mallory@example.com', 'User-pass-1');
    const mine = await m.post(`/api/forms/${form.id}/records`, { fields: { title: 'hers' } });
    expect(mine.status).toBe(201);
    // A definition saved before system names were refused: the field's key is "ownerId".
    const row = await s.db.db
      .selectFrom('forms')
      .select(['definition', 'version'])
      .where('id', '=', form.id)
      .executeTakeFirstOrThrow();
    const def = JSON.parse(row.definition);
    def.fields[1].key = 'ownerId';
    await s.db.db
      .updateTable('forms')
      .set({ definition: JSON.stringify(def), version: row.version + 1 })
      .where('id', '=', form.id)
      .execute();

    const list = await m.get(`/api/forms/${form.id}/records`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { fields: { title: string } }) => r.fields.title)).toEqual(['hers']);
    const filtered = await admin.get(
      `/api/forms/${form.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'ownerId', op: 'eq', value: mallory }))}`,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((r: { fields: { title: string } }) => r.fields.title)).toEqual(['hers']);
    const other2 = await m.get(`/api/forms/${form.id}/records/${other.body.id}`);
    expect(other2.status).toBe(404);
  });
});
