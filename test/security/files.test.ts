import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillFileLinks } from '../../server/db/migrations/20261207T0300-file-links.js';
import { cleanUpFiles } from '../../server/files/file-cleanup.js';
import { pendingUploadLimit } from '../../server/files/upload-quota.js';
import { drain } from '../automations.helpers.js';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { type Client, fakeClock, type TestServer, startServer } from '../support/server.js';

const hour = 3600_000;

async function upload(client: Client, text: string, name = 'file.txt'): Promise<string> {
  const fd = new FormData();
  fd.append('file', new Blob([text], { type: 'text/plain' }), name);
  const r = await client.raw('POST', '/api/files', { body: fd });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

/** The answer to a download, reduced to what an attacker could compare. */
async function fetchFile(client: Client, id: string) {
  const r = await client.raw('GET', `/api/files/${id}`);
  return { status: r.status, body: r.body };
}

describe.each(engines)('attachments belong to records on %s', (engine) => {
  const clock = fakeClock('2026-03-15T02:00:00.000Z');
  let s: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let carol: Client;
  let dave: Client;
  let appId: string;
  let form: any;
  let bobId: string;
  let daveId: string;

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '合同管理' })).body.id;
    form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'contracts',
        name: '合同',
        fields: [
          { key: 'title', type: 'text', label: '标题' },
          { key: 'secret', type: 'attachment', label: '保密附件' },
          { key: 'doc', type: 'attachment', label: '合同文本' },
        ],
      })
    ).body;
    const role = async (name: string, grants: unknown[]) =>
      (await admin.post('/api/roles', { name, grants })).body.id as string;
    const own = await role('自己的记录', [
      { appId, actions: ['read', 'create', 'update', 'delete'], scope: 'own' },
    ]);
    const readers = await role('只看合同文本', [
      { formId: form.id, actions: ['read'], scope: 'all', fields: { secret: 'hidden' } },
    ]);
    const person = async (name: string, roleIds: string[]) => {
      const r = await admin.post('/api/users', {
        email: `${name}@example.com`,
        name,
        password: 'User-pass-1',
        roleIds,
      });
      expect(r.status).toBe(201);
      return { id: r.body.id as string, client: await s.client(`${name}@example.com`, 'User-pass-1') };
    };
    alice = (await person('alice', [own])).client;
    const b = await person('bob', [own]);
    bobId = b.id;
    bob = b.client;
    carol = (await person('carol', [readers])).client;
    const d = await person('dave', []);
    daveId = d.id;
    dave = d.client;
  });
  afterAll(() => s?.close());

  it('lets only its uploader download a file no record holds yet; anyone else gets the 404 of a missing file', async () => {
    const id = await upload(alice, '草稿');
    expect(await fetchFile(alice, id)).toEqual({ status: 200, body: '草稿' });
    const served = await alice.raw('GET', `/api/files/${id}`);
    expect(served.headers.get('content-length')).toBe(String(Buffer.byteLength('草稿')));
    expect(served.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetchFile(bob, 'fil_000000000000000000');
    expectError(await bob.raw('GET', `/api/files/${id}`), 404);
    for (const other of [bob, carol, dave]) expect(await fetchFile(other, id)).toEqual(missing);
    expect((await fetchFile(admin, id)).status).toBe(200);
  });

  it('lets readers of a record holding a file download it, unless the field is hidden from them or the record is out of their scope', async () => {
    const secret = await upload(alice, '保密内容');
    const doc = await upload(alice, '合同正文');
    const rec = await alice.post(`/api/forms/${form.id}/records`, {
      fields: { title: '合同A', secret: [secret], doc: [doc] },
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    expect(await fetchFile(carol, doc)).toEqual({ status: 200, body: '合同正文' });
    expectError(await carol.raw('GET', `/api/files/${secret}`), 404);
    for (const id of [secret, doc]) {
      expectError(await bob.raw('GET', `/api/files/${id}`), 404);
      expectError(await dave.raw('GET', `/api/files/${id}`), 404);
      expect((await fetchFile(alice, id)).status).toBe(200);
    }
    // In the recycle bin the record no longer lets anyone but admins read the file.
    expect((await alice.del(`/api/forms/${form.id}/records/${rec.body.id}`)).status).toBe(200);
    expectError(await carol.raw('GET', `/api/files/${doc}`), 404);
    expect((await fetchFile(admin, doc)).status).toBe(200);
    expect((await alice.post(`/api/forms/${form.id}/records/${rec.body.id}/restore`)).status).toBe(200);
    expect((await fetchFile(carol, doc)).status).toBe(200);
  });

  it('refuses to attach a file the writer may not read, with the 422 of a file that does not exist', async () => {
    const doc = await upload(alice, '别人的合同');
    const fresh = await upload(alice, '刚上传');
    await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '合同B', doc: [doc] } });
    const missing = await bob.post(`/api/forms/${form.id}/records`, {
      fields: { title: '偷', doc: ['fil_000000000000000000'] },
    });
    expectError(missing, 422, '/fields/doc');
    for (const stolen of [doc, fresh]) {
      const r = await bob.post(`/api/forms/${form.id}/records`, { fields: { title: '偷', doc: [stolen] } });
      expectError(r, 422, '/fields/doc');
      expect(r.body.error.message.replace(stolen, 'ID')).toBe(
        missing.body.error.message.replace('fil_000000000000000000', 'ID'),
      );
      const batch = await bob.post(`/api/forms/${form.id}/records/batch`, {
        records: [{ fields: { title: 'ok' } }, { fields: { title: '偷', secret: [{ id: stolen }] } }],
      });
      expectError(batch, 422, '/records/1/fields/secret');
    }
    const own = (await bob.post(`/api/forms/${form.id}/records`, { fields: { title: '自己的' } })).body;
    expectError(
      await bob.patch(`/api/forms/${form.id}/records/${own.id}`, {
        fields: { doc: [doc] },
        version: own.version,
      }),
      422,
      '/fields/doc',
    );
    expect(
      (
        await admin.get(
          `/api/forms/${form.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'title', op: 'eq', value: '偷' }))}`,
        )
      ).body.items,
    ).toEqual([]);
    expectError(await bob.raw('GET', `/api/files/${doc}`), 404);
  });

  it('lets whoever may read a record holding a file put it on another record and download it from there', async () => {
    const doc = await upload(alice, '共享合同');
    const first = (
      await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '合同C', doc: [doc] } })
    ).body;
    const second = await alice.post(`/api/forms/${form.id}/records`, {
      fields: { title: '合同C副本', secret: [doc] },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.fields.secret).toEqual([
      expect.objectContaining({ id: doc, name: 'file.txt', url: `/api/files/${doc}` }),
    ]);
    // The record's owner passes to bob: now he reads `second`, edits it and downloads its file.
    const moved = await admin.patch(`/api/forms/${form.id}/records/${second.body.id}`, {
      ownerId: bobId,
      version: second.body.version,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const kept = await bob.patch(`/api/forms/${form.id}/records/${second.body.id}`, {
      fields: { title: '改名', secret: moved.body.fields.secret },
      version: moved.body.version,
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect((await fetchFile(bob, doc)).status).toBe(200);
    // …and, reading a record that holds it, attach it to his own records too.
    expect(
      (await bob.post(`/api/forms/${form.id}/records`, { fields: { title: '鲍勃的', doc: [doc] } })).status,
    ).toBe(201);
    expect(first.fields.doc[0].id).toBe(doc);
  });

  it('attaches only files of the types an attachment field accepts', async () => {
    const def = (await admin.get(`/api/forms/${form.id}`)).body;
    const fields = def.fields.map((f: any) => (f.key === 'doc' ? { ...f, accept: ['.pdf', 'image/*'] } : f));
    const saved = await admin.put(`/api/forms/${form.id}`, { ...def, fields });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
    const text = await upload(alice, '不是 PDF', 'notes.txt');
    const fd = new FormData();
    fd.append('file', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), '合同.PDF');
    const pdf = (await alice.raw('POST', '/api/files', { body: fd })).body.id;
    const refused = await alice.post(`/api/forms/${form.id}/records`, {
      fields: { title: '类型不对', doc: [text] },
    });
    expectError(refused, 422, '/fields/doc');
    expect(refused.body.error.message).toMatch(/notes\.txt/);
    expect(
      (await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '类型对', doc: [pdf] } })).status,
    ).toBe(201);
    expect(
      (
        await admin.put(`/api/forms/${form.id}`, {
          ...saved.body,
          fields: saved.body.fields.map((f: any) => ({ ...f, accept: undefined })),
        })
      ).status,
    ).toBe(200);
  });

  it('lets an automation pass on a file its trigger record holds, but not attach an upload no record holds', async () => {
    const automation = async (title: string, fields: Record<string, unknown>) => {
      const r = await admin.post(`/api/apps/${appId}/automations`, {
        name: title,
        trigger: { type: 'record.created', formId: form.id },
        condition: { field: 'title', op: 'eq', value: title },
        actions: [{ type: 'createRecord', formId: form.id, fields }],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const fresh = await upload(bob, '鲍勃刚上传的');
    await automation('抄送', { title: '副本', doc: '{{record.doc}}' });
    const steal = await automation('偷取', { title: '偷来的', doc: [fresh] });
    const doc = await upload(alice, '抄送附件');
    expect(
      (await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '抄送', doc: [doc] } })).status,
    ).toBe(201);
    expect((await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '偷取' } })).status).toBe(
      201,
    );
    await drain(s.deps);
    const titled = async (title: string) =>
      (
        await admin.get(
          `/api/forms/${form.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'title', op: 'eq', value: title }))}`,
        )
      ).body.items;
    expect((await titled('副本')).map((r: any) => r.fields.doc.map((f: any) => f.id))).toEqual([[doc]]);
    expect(await titled('偷来的')).toEqual([]);
    const runs = (await admin.get(`/api/automations/${steal.id}/runs`)).body.items;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r: any) => r.status !== 'succeeded')).toBe(true);
  });

  it('limits the uploads one person has waiting for a record, so uploads cannot fill the disk', async () => {
    const at = clock.now().toISOString();
    const waiting = Array.from({ length: pendingUploadLimit.files - 1 }, (_, i) => ({
      id: `fil_quota${String(i).padStart(13, '0')}`,
      name: 'x',
      size: 1,
      mime_type: 'text/plain',
      storage_key: `fil_quota${i}`,
      created_by: daveId,
      created_at: at,
    }));
    await s.db.db.insertInto('files').values(waiting).execute();
    const last = await upload(dave, '第 200 个');
    const fd = new FormData();
    fd.append('file', new Blob(['再多一个']), 'more.txt');
    const refused = await dave.raw('POST', '/api/files', { body: fd });
    expectError(refused, 429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect((await upload(alice, '别人不受影响')).startsWith('fil_')).toBe(true);
    // Once they are a day old they no longer count (the clean-up deletes them).
    await s.db.db.deleteFrom('files').where('id', '=', last).execute();
    await s.db.db
      .updateTable('files')
      .set({ created_at: new Date(clock.now().getTime() - 25 * hour).toISOString() })
      .where('created_by', '=', daveId)
      .execute();
    expect((await upload(dave, '又可以了')).startsWith('fil_')).toBe(true);
  });

  it('stops treating an upload as its uploader’s after 24 hours: it can be neither downloaded nor attached', async () => {
    const id = await upload(alice, '过期草稿');
    clock.advance(23 * hour);
    expect((await fetchFile(alice, id)).status).toBe(200);
    clock.advance(2 * hour);
    expectError(await alice.raw('GET', `/api/files/${id}`), 404);
    expectError(
      await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '太晚', doc: [id] } }),
      422,
      '/fields/doc',
    );
  });

  it('forgets who held a file when it is removed from the record', async () => {
    const id = await upload(alice, '会被移除');
    const rec = (await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '合同D', doc: [id] } }))
      .body;
    expect((await fetchFile(carol, id)).status).toBe(200);
    const r = await alice.patch(`/api/forms/${form.id}/records/${rec.id}`, {
      fields: { doc: [] },
      version: rec.version,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expectError(await carol.raw('GET', `/api/files/${id}`), 404);
  });

  it('finds, on upgrade, the files records held before holders were tracked, so none is lost or locked away', async () => {
    const id = await upload(alice, '升级前的附件');
    const rec = (
      await alice.post(`/api/forms/${form.id}/records`, { fields: { title: '旧合同', doc: [id] } })
    ).body;
    const links = () =>
      s.db.db
        .selectFrom('file_links')
        .selectAll()
        .orderBy('file_id')
        .orderBy('record_id')
        .orderBy('field_id')
        .execute();
    const before = await links();
    expect(before).toContainEqual({
      file_id: id,
      form_id: form.id,
      record_id: rec.id,
      field_id: form.fields.find((f: any) => f.key === 'doc').id,
    });
    await s.db.db.deleteFrom('file_links').execute();
    expectError(await carol.raw('GET', `/api/files/${id}`), 404);
    await backfillFileLinks(s.db.db);
    expect(await links()).toEqual(before);
    expect((await fetchFile(carol, id)).body).toBe('升级前的附件');
  });

  it('deletes, in one process at a time, files never attached within a day and files whose records or fields are gone, keeping those held (also in the recycle bin)', async () => {
    const make = async (title: string, text: string, field = 'doc', formId = form.id) => {
      const id = await upload(alice, text);
      const r = await alice.post(`/api/forms/${formId}/records`, { fields: { title, [field]: [id] } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { file: id, record: r.body };
    };
    // A second form that will be deleted, and a field that will be purged.
    const other = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'drafts',
        name: '草稿',
        fields: [
          { key: 'title', type: 'text', label: '标题' },
          { key: 'doc', type: 'attachment', label: '附件' },
          { key: 'old', type: 'attachment', label: '旧附件' },
        ],
      })
    ).body;
    const held = await make('留', '留着');
    const binned = await make('回收站', '回收站里的');
    expect((await alice.del(`/api/forms/${form.id}/records/${binned.record.id}`)).status).toBe(200);
    const purged = await make('字段', '字段被清除', 'old', other.id);
    const fromDeletedForm = await make('表单', '表单被删除', 'doc', other.id);
    const never = await upload(alice, '从未使用');
    const key = async (id: string) =>
      (await s.db.db.selectFrom('files').select('storage_key').where('id', '=', id).executeTakeFirst())
        ?.storage_key;
    const stored = async (id: string) => !!(await s.deps.files.get((await key(id)) ?? id));

    const def = (await admin.get(`/api/forms/${other.id}`)).body;
    const oldField = def.fields.find((f: any) => f.key === 'old');
    expect(
      (
        await admin.put(`/api/forms/${other.id}`, {
          ...def,
          fields: def.fields.filter((f: any) => f.key !== 'old'),
        })
      ).status,
    ).toBe(200);
    expect((await admin.del(`/api/forms/${other.id}/fields/${oldField.id}`)).status).toBe(200);
    clock.advance(26 * hour);
    const youngNow = await upload(alice, '还在窗口内');
    // The purged field's file is still there until the clean-up runs; the deleted form's too.
    expect(await stored(purged.file)).toBe(true);
    expect((await admin.del(`/api/forms/${other.id}`)).status).toBe(200);

    // An upload a process died receiving, a day old, and one still arriving.
    const uploads = path.join(s.deps.config.dataDir, 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    fs.writeFileSync(path.join(uploads, 'fil_dead.part'), 'half');
    fs.utimesSync(
      path.join(uploads, 'fil_dead.part'),
      new Date(Date.now() - 26 * hour),
      new Date(Date.now() - 26 * hour),
    );
    fs.writeFileSync(path.join(uploads, 'fil_live.part'), 'arriving');
    const first = await cleanUpFiles(s.deps, 'process-a');
    expect(fs.readdirSync(uploads)).toEqual(['fil_live.part']);
    expect(first).toMatchObject({ ran: true, links: 2 });
    expect(first.files).toBeGreaterThanOrEqual(3);
    expect(await cleanUpFiles(s.deps, 'process-b')).toEqual({ ran: false, links: 0, files: 0 });
    for (const id of [never, purged.file, fromDeletedForm.file]) {
      expect(await key(id), id).toBeUndefined();
      expect(await s.deps.files.get(id)).toBeUndefined();
      expectError(await admin.raw('GET', `/api/files/${id}`), 404);
    }
    for (const id of [held.file, binned.file, youngNow]) expect(await stored(id), id).toBe(true);
    expect((await fetchFile(admin, binned.file)).body).toBe('回收站里的');
    expect((await alice.post(`/api/forms/${form.id}/records/${binned.record.id}/restore`)).status).toBe(200);
    expect((await fetchFile(alice, binned.file)).body).toBe('回收站里的');

    // An hour later the lease has run out: another process takes the next pass.
    clock.advance(hour);
    expect((await cleanUpFiles(s.deps, 'process-b')).ran).toBe(true);
  });
});
