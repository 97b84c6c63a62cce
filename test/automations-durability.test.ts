import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { dispatchEvents } from '../server/automations/dispatch.js';
import { runWorkerOnce } from '../server/automations/worker.js';
import type { Deps } from '../server/context.js';
import { engines } from './support/engines.js';
import { Client } from './support/server.js';
import { automation, create, type Crm, crm, drain, records, runsOf } from './automations.helpers.js';

/** A local webhook target that answers 500 `failures` times, then 200. */
function target() {
  const state = { failures: 0, received: [] as Array<{ headers: http.IncomingHttpHeaders; body: unknown }> };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      state.received.push({ headers: req.headers, body: text ? JSON.parse(text) : null });
      const fail = state.failures > 0;
      if (fail) state.failures--;
      res
        .writeHead(fail ? 500 : 200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: !fail }));
    });
  });
  return { state, server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

describe.each(engines)('automations: durability, retries and loops on %s', (engine) => {
  let c: Crm;
  const t = target();
  beforeAll(async () => {
    c = await crm(engine);
    await new Promise<void>((ok) => t.server.listen(0, '127.0.0.1', ok));
  });
  afterAll(async () => {
    await new Promise((ok) => t.server.close(ok));
    await c?.s.close();
  });

  it('runs an event written before a crash exactly once, from a new process over the same database', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'startsWith', value: 'crash' },
      actions: [{ type: 'createRecord', formId: c.tasks, fields: { title: 'after {{record.name}}' } }],
    });
    await create(c, c.customers, { name: 'crash1' });
    // The first process dies before its worker ran; a second one starts over the same database.
    const second = c.s.db.reopen();
    try {
      const deps: Deps = { ...c.s.deps, db: second.db };
      const app = createApp({ db: second.db, engine, config: c.s.deps.config, clock: c.clock });
      await drain(deps);
      await drain(deps);
      await drain(c.s.deps);
      const runs = await runsOf(c, a.id);
      expect(runs.map((r) => r.status)).toEqual(['succeeded']);
      const login = new Client(app);
      await login.post('/api/auth/login', { email: 'admin@example.com', password: 'Admin-pass-1' });
      expect((await login.get(`/api/automations/${a.id}/runs`)).body.items).toHaveLength(1);

      // A worker that logged the run and then died: the queued run is executed by the next one.
      await create(c, c.customers, { name: 'crash2' });
      await dispatchEvents(c.s.deps, 60_000, 10);
      await drain(deps);
      expect((await runsOf(c, a.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      // A worker that claimed a job and died: after its lease another worker takes it over.
      await create(c, c.customers, { name: 'crash3' });
      await dispatchEvents(c.s.deps, 60_000, 10);
      await c.s.db.db
        .updateTable('automation_jobs')
        .set({ claimed_until: new Date(c.clock.now().getTime() + 60_000).toISOString() })
        .execute();
      await drain(deps);
      expect((await runsOf(c, a.id)).map((r) => r.status)).toEqual(['running', 'succeeded', 'succeeded']);
      c.clock.advance(61_000);
      await drain(deps);
      expect((await runsOf(c, a.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(
        await records(c, c.tasks, { field: 'title', op: 'startsWith', value: 'after crash' }),
      ).toHaveLength(3);
    } finally {
      await second.close();
      await c.admin.del(`/api/automations/${a.id}`);
    }
  });

  it.runIf(engine === 'postgres')(
    'never runs an event twice when two workers race over the same events',
    async () => {
      const a = await automation(c, {
        trigger: { type: 'record.created', formId: c.customers },
        condition: { field: 'name', op: 'startsWith', value: 'race' },
        actions: [{ type: 'createRecord', formId: c.tasks, fields: { title: 'raced {{record.name}}' } }],
      });
      const batch = await c.admin.post(`/api/forms/${c.customers}/records/batch`, {
        records: Array.from({ length: 40 }, (_, i) => ({ fields: { name: `race${i}` } })),
      });
      expect(batch.status).toBe(201);
      const second = c.s.db.reopen();
      try {
        const workers = [c.s.deps, { ...c.s.deps, db: second.db }];
        const done = [0, 0];
        const loop = async (deps: Deps, w: number) => {
          for (let i = 0; i < 60; i++) {
            const r = await runWorkerOnce(deps, { batch: 3 });
            done[w] += r.events;
            if (!r.events && !r.jobs) return;
          }
        };
        await Promise.all(workers.map(loop));
        expect(done[0] > 0 && done[1] > 0, `both workers took events: ${done}`).toBe(true);
        await Promise.all(workers.map(loop));
        // Even events handed out again (a lost lease) create no second run: the idempotency key holds.
        await c.s.db.db
          .updateTable('outbox')
          .set({ done_at: null, claimed_until: null })
          .where(
            'record_id',
            'in',
            batch.body.items.map((r: { id: string }) => r.id),
          )
          .execute();
        await Promise.all(workers.map(loop));
        const runs = await runsOf(c, a.id, '?limit=500');
        expect(runs).toHaveLength(40);
        expect(new Set(runs.map((r) => r.eventId)).size).toBe(40);
        expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
        expect(
          await records(c, c.tasks, { field: 'title', op: 'startsWith', value: 'raced race' }),
        ).toHaveLength(40);
      } finally {
        await second.close();
        await c.admin.del(`/api/automations/${a.id}`);
      }
    },
  );

  it('retries a failing webhook with backoff until it answers, without blocking the write', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'eq', value: 'hook me' },
      actions: [
        {
          type: 'webhook',
          url: t.url(),
          headers: { 'x-token': 'abc {{record.name}}' },
          body: { name: '{{record.name}}', at: '{{now}}', tier: '{{record.tier}}' },
        },
      ],
    });
    t.state.failures = 2;
    t.state.received = [];
    await create(c, c.customers, { name: 'hook me' });
    expect(t.state.received).toHaveLength(0);
    const opts = { retryBaseMs: 1000 };
    await drain(c.s.deps, opts);
    let [run] = await runsOf(c, a.id);
    expect(run).toMatchObject({ status: 'running', error: expect.stringContaining('HTTP 500') });
    expect(Date.parse(run.resumeAt) - c.clock.now().getTime()).toBe(1000);
    await drain(c.s.deps, opts);
    expect(t.state.received).toHaveLength(1);
    c.clock.advance(1000);
    await drain(c.s.deps, opts);
    [run] = await runsOf(c, a.id);
    expect(Date.parse(run.resumeAt) - c.clock.now().getTime()).toBe(4000);
    c.clock.advance(4000);
    await drain(c.s.deps, opts);
    [run] = await runsOf(c, a.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.steps[0]).toMatchObject({
      type: 'webhook',
      attempts: 3,
      output: { status: 200, body: { ok: true } },
    });
    expect(t.state.received).toHaveLength(3);
    expect(t.state.received[2].body).toEqual({
      name: 'hook me',
      at: c.clock.now().toISOString(),
      tier: null,
    });
    expect(t.state.received[2].headers['x-token']).toBe('abc hook me');
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('fails a run after its retries, tells the author, and runs it again on request', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'eq', value: 'always fails' },
      actions: [
        { type: 'updateRecord', fields: { note: 'before' } },
        { type: 'webhook', url: t.url(), body: {} },
        { type: 'updateRecord', fields: { note: 'after' } },
      ],
      options: { retries: 1 },
    });
    t.state.failures = 100;
    const rec = await create(c, c.customers, { name: 'always fails' });
    await drain(c.s.deps);
    c.clock.advance(30_000);
    await drain(c.s.deps);
    let [run] = await runsOf(c, a.id);
    expect(run.status).toBe('failed');
    expect(
      run.steps.map((s: { type: string; attempts: number; error?: string }) => [
        s.type,
        s.attempts,
        !!s.error,
      ]),
    ).toEqual([
      ['updateRecord', 1, false],
      ['webhook', 2, true],
    ]);
    expect((await runsOf(c, a.id, '?status=failed')).map((r) => r.id)).toEqual([run.id]);
    expect(await runsOf(c, a.id, '?status=succeeded')).toHaveLength(0);
    const inbox = (await c.admin.get('/api/notifications')).body.items;
    expect(
      inbox.some(
        (n: { source: string; title: string }) => n.source === `automation:${a.id}` && /failed/.test(n.title),
      ),
    ).toBe(true);
    t.state.failures = 0;
    const retry = await c.admin.post(`/api/automations/${a.id}/runs/${run.id}/retry`);
    expect(retry.status).toBe(200);
    await drain(c.s.deps);
    [run] = await runsOf(c, a.id);
    expect(run.status).toBe('succeeded');
    expect((await records(c, c.customers, { field: 'id', op: 'eq', value: rec.id }))[0].fields.note).toBe(
      'after',
    );
    expect((await c.admin.post(`/api/automations/${a.id}/runs/${run.id}/retry`)).status).toBe(409);
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('cuts a chain of automations triggering each other at depth 8 and logs it', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.updated', formId: c.customers, fields: ['note'] },
      condition: { field: 'name', op: 'eq', value: 'loop' },
      actions: [{ type: 'updateRecord', fields: { note: '{{record.note}}x' } }],
    });
    const rec = await create(c, c.customers, { name: 'loop' });
    await c.admin.patch(`/api/forms/${c.customers}/records/${rec.id}`, { fields: { note: 'n' }, version: 1 });
    await drain(c.s.deps);
    const runs = await runsOf(c, a.id);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(8);
    const cut = runs.filter((r) => r.status === 'loop_cut');
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ depth: 8, error: expect.stringContaining('depth 8') });
    expect((await records(c, c.customers, { field: 'id', op: 'eq', value: rec.id }))[0].fields.note).toBe(
      'nxxxxxxxx',
    );
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('prunes finished runs after the retention period', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'eq', value: 'old' },
      actions: [{ type: 'notify', to: { creator: true }, title: 'x' }],
    });
    await create(c, c.customers, { name: 'old' });
    await drain(c.s.deps);
    expect(await runsOf(c, a.id)).toHaveLength(1);
    c.clock.advance(31 * 86_400_000);
    await runWorkerOnce(c.s.deps);
    c.admin = await c.s.client();
    expect(await runsOf(c, a.id)).toHaveLength(0);
  });
});
