import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../server/context.js';
import { claimMail } from '../server/mail/mail-queue.repository.js';
import { sendPendingMail } from '../server/mail/mail-sender.js';
import { mailTransport } from '../server/mail/mail-transport.js';
import { type Crm, automation, create, crm, drain } from './automations.helpers.js';
import { type SmtpSink, smtpSink } from './mail.helpers.js';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';

const PUBLIC = 'https://crm.example.com';

describe.each(engines)('notification e-mail on %s', (engine) => {
  let c: Crm;
  let sink: SmtpSink | undefined;
  beforeEach(async () => {
    c = await crm(engine);
  });
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
    await c?.s.close();
  });

  /** The server's deps as a process started with TESSERA_SMTP_URL pointing at the sink. */
  const withSmtp = (s: SmtpSink, deps: Deps = c.s.deps): Deps => ({
    ...deps,
    config: { ...deps.config, smtp: { url: s.url, from: 'Tessera <crm@example.com>' }, publicUrl: PUBLIC },
  });
  const send = (deps: Deps) => sendPendingMail(deps, mailTransport(deps.config.smtp!));
  const queued = () => c.s.db.db.selectFrom('mail_queue').selectAll().execute();
  /** 李娜, who may read every customer (a notification shows only the fields its reader may see). */
  const member = async () => {
    const role = (
      await c.admin.post('/api/roles', {
        name: '客户只读',
        grants: [{ formId: c.customers, actions: ['read'], scope: 'all' }],
      })
    ).body.id as string;
    return (
      await c.admin.post('/api/users', {
        email: 'li@example.com',
        name: '李娜',
        password: 'User-pass-1',
        roleIds: [role],
      })
    ).body.id as string;
  };

  it("sends the automation's notification to the recipient with the subject and a link to the record", async () => {
    sink = await smtpSink();
    const deps = withSmtp(sink);
    const li = await member();
    await automation(c, {
      name: '新客户提醒',
      trigger: { type: 'record.created', formId: c.customers },
      actions: [
        { type: 'notify', to: { users: [li] }, title: '新客户 {{record.name}}', body: '请在今天内联系。' },
      ],
    });
    const rec = await create(c, c.customers, { name: '星辰科技' });
    await drain(deps);
    expect(sink.mails).toEqual([]); // queued in the run's transaction, sent only by the mail loop
    expect(await queued()).toHaveLength(1);

    expect(await send(deps)).toEqual({ sent: 1, retried: 0, failed: 0, dropped: 0 });
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail.to).toEqual(['li@example.com']);
    expect(mail.from).toBe('crm@example.com');
    expect(mail.subject).toBe('[Tessera] 新客户 星辰科技');
    const link = `${PUBLIC}/forms/${c.customers}?record=${rec.id}`;
    expect(mail.text).toContain('请在今天内联系。');
    expect(mail.text).toContain(`查看记录：${link}`);
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(await queued()).toEqual([]);
    expect(await send(deps)).toEqual({ sent: 0, retried: 0, failed: 0, dropped: 0 });
    expect(sink.mails).toHaveLength(1);
  });

  it("tells the automation's author by e-mail when a run fails for good", async () => {
    sink = await smtpSink();
    const deps = withSmtp(sink);
    await automation(c, {
      name: '同步',
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'setState', to: 'nowhere' }],
      options: { retries: 0 },
    });
    await create(c, c.customers, { name: '星辰科技' });
    await drain(deps);
    await send(deps);
    expect(sink.mails.map((m) => [m.to[0], m.subject])).toEqual([
      ['admin@example.com', '[Tessera] 自动化「同步」运行失败 / Automation "同步" failed'],
    ]);
  });

  it('retries a refusing SMTP server with growing delays until it accepts, and delivers once', async () => {
    sink = await smtpSink((_to, n) => (n <= 2 ? 451 : undefined));
    const deps = withSmtp(sink);
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: { creator: true }, title: '你好 {{record.name}}' }],
    });
    await create(c, c.customers, { name: '星辰科技' });
    await drain(deps);

    expect(await send(deps)).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await queued();
    expect(row).toMatchObject({ attempts: 1, claimed_until: null, failed_at: null });
    expect(row.last_error).toMatch(/451/);
    expect(row.next_at).toBe(new Date(c.clock.now().getTime() + 60_000).toISOString());
    expect(await send(deps)).toMatchObject({ sent: 0, retried: 0 }); // not due yet

    c.clock.advance(60_000);
    expect(await send(deps)).toMatchObject({ sent: 0, retried: 1 });
    [row] = await queued();
    expect(row.attempts).toBe(2);
    expect(row.next_at).toBe(new Date(c.clock.now().getTime() + 4 * 60_000).toISOString()); // backoff grows ×4

    c.clock.advance(3 * 60_000);
    expect(await send(deps)).toMatchObject({ sent: 0, retried: 0 });
    c.clock.advance(60_000);
    expect(await send(deps)).toMatchObject({ sent: 1, retried: 0 });
    expect(sink.refused).toEqual(['admin@example.com', 'admin@example.com']);
    expect(sink.mails.map((m) => m.subject)).toEqual(['[Tessera] 你好 星辰科技']);
    expect(await queued()).toEqual([]);
  });

  it('gives up at once on a recipient the server refuses for good, keeping the error', async () => {
    sink = await smtpSink(() => 550);
    const deps = withSmtp(sink);
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: { creator: true }, title: 'x' }],
    });
    await create(c, c.customers, { name: '星辰科技' });
    await drain(deps);
    expect(await send(deps)).toMatchObject({ failed: 1, retried: 0 });
    const [row] = await queued();
    expect(row.failed_at).toBe(c.clock.now().toISOString());
    expect(row.last_error).toMatch(/550/);
    c.clock.advance(86_400_000);
    expect(await send(deps)).toMatchObject({ sent: 0, failed: 0 });
    expect(sink.refused).toHaveLength(1);
  });

  it('queues nothing when SMTP is not configured: the inbox alone gets the notification', async () => {
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: { creator: true }, title: '你好 {{record.name}}' }],
    });
    await create(c, c.customers, { name: '星辰科技' });
    await drain(c.s.deps);
    expect(
      (await c.admin.get('/api/notifications')).body.items.map((n: { title: string }) => n.title),
    ).toEqual(['你好 星辰科技']);
    expect(await queued()).toEqual([]);
    expect((await c.admin.get('/api/notifications/settings')).body).toEqual({
      email: true,
      emailAvailable: false,
    });
  });

  it('sends nothing to a user who turned e-mail off, and still tells the others', async () => {
    sink = await smtpSink();
    const deps = withSmtp(sink);
    const li = await member();
    const liClient = await c.s.client('li@example.com', 'User-pass-1');
    expect((await liClient.get('/api/notifications/settings')).body.email).toBe(true);
    expect((await liClient.put('/api/notifications/settings', { email: false })).body.email).toBe(false);
    expect((await liClient.get('/api/notifications/settings')).body.email).toBe(false);
    expectError(await liClient.put('/api/notifications/settings', { email: 'no' }), 422, '/email');
    expectError(await liClient.put('/api/notifications/settings', { email: true, sms: true }), 422, '/sms');

    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: { users: [li, c.adminId] }, title: '新客户 {{record.name}}' }],
    });
    await create(c, c.customers, { name: '星辰科技' });
    await drain(deps);
    await send(deps);
    expect(sink.mails.map((m) => m.to)).toEqual([['admin@example.com']]);
    expect((await liClient.get('/api/notifications')).body.items).toHaveLength(1); // the inbox still has it
  });

  it('drops a queued mail whose recipient turned e-mail off before it went out', async () => {
    sink = await smtpSink();
    const deps = withSmtp(sink);
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: { creator: true }, title: 'x' }],
    });
    await create(c, c.customers, { name: '星辰科技' });
    await drain(deps);
    await c.admin.put('/api/notifications/settings', { email: false });
    expect(await send(deps)).toMatchObject({ sent: 0, dropped: 1 });
    expect(sink.mails).toEqual([]);
    expect(await queued()).toEqual([]);
  });

  it('shows in the mail only the fields its reader may see, as the inbox does', async () => {
    sink = await smtpSink();
    const deps = withSmtp(sink);
    const role = (
      await c.admin.post('/api/roles', {
        name: '不看备注',
        grants: [{ formId: c.customers, actions: ['read'], scope: 'all', fields: { note: 'hidden' } }],
      })
    ).body.id as string;
    const wang = (
      await c.admin.post('/api/users', {
        email: 'wang@example.com',
        name: '王强',
        password: 'User-pass-1',
        roleIds: [role],
      })
    ).body.id as string;
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [
        {
          type: 'notify',
          to: { users: [wang, c.adminId] },
          title: '新客户 {{record.name}}',
          body: '备注：{{record.note}}',
        },
      ],
    });
    await create(c, c.customers, { name: '星辰科技', note: '底价 80 万' });
    await drain(deps);
    await send(deps);
    const to = (email: string) => sink!.mails.find((m) => m.to[0] === email)!;
    expect(to('wang@example.com').subject).toBe('[Tessera] 新客户 星辰科技');
    expect(to('wang@example.com').text + to('wang@example.com').html).not.toContain('底价');
    expect(to('admin@example.com').text).toContain('备注：底价 80 万');
  });

  it('escapes hostile record values in the HTML part and keeps them verbatim in the text part', async () => {
    sink = await smtpSink();
    const deps = withSmtp(sink);
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [
        {
          type: 'notify',
          to: { creator: true },
          title: '新客户 {{record.name}}',
          body: '备注：{{record.note}}',
        },
      ],
    });
    const hostile = '<img src=x onerror="alert(1)">&<script>alert(2)</script>';
    await create(c, c.customers, { name: '"><b>坏', note: hostile });
    await drain(deps);
    await send(deps);
    const [mail] = sink.mails;
    expect(mail.text).toContain(`备注：${hostile}`);
    expect(mail.html).not.toMatch(/<img|<script|<b>/);
    expect(mail.html).toContain(
      '&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;&#60;script&#62;alert(2)&#60;/script&#62;',
    );
    expect(mail.html).toContain('&#34;&#62;&#60;b&#62;坏');
  });

  it('sends each mail exactly once when two processes drain the queue together, and takes over an expired lease', async () => {
    sink = await smtpSink();
    const li = await member();
    await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: { users: [li, c.adminId] }, title: '新客户 {{record.name}}' }],
    });
    const batch = await c.admin.post(`/api/forms/${c.customers}/records/batch`, {
      records: Array.from({ length: 20 }, (_, i) => ({ fields: { name: `客户${i}` } })),
    });
    expect(batch.status).toBe(201);
    const one = withSmtp(sink);
    await drain(one);
    expect(await queued()).toHaveLength(40);

    // A process that claimed two mails and died: they stay leased until the lease runs out.
    const now = c.clock.now();
    const dead = await claimMail(
      c.s.db.db,
      engine,
      now.toISOString(),
      new Date(now.getTime() + 600_000).toISOString(),
      2,
    );
    expect(dead).toHaveLength(2);

    const other = c.s.db.reopen();
    try {
      const two = withSmtp(sink, { ...c.s.deps, db: other.db });
      const [a, b] = await Promise.all([
        sendPendingMail(one, mailTransport(one.config.smtp!), { batch: 3 }),
        sendPendingMail(two, mailTransport(two.config.smtp!), { batch: 3 }),
      ]);
      expect(a.sent + b.sent).toBe(38);
      expect(sink.mails).toHaveLength(38);
      c.clock.advance(600_001);
      expect(await send(two)).toMatchObject({ sent: 2 });
    } finally {
      await other.close();
    }
    const subjects = sink.mails.map((m) => `${m.to[0]} ${m.subject}`);
    expect(new Set(subjects).size).toBe(40);
    expect(subjects.filter((s) => s.startsWith('li@example.com'))).toHaveLength(20);
    expect(await queued()).toEqual([]);
  });
});
