import type { BenchContext } from './context.js';
import { cities, tiers } from './data.js';
import { Api } from './http.js';
import { metrics, sample } from './stats.js';

const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

/**
 * The filtered page as an admin and as a member whose role sees only their department's
 * customers with two fields hidden: the scope compiles into the same SQL, so the member's page
 * should cost about what the admin's does (target: member p95 ≤ 1.3 × admin p95).
 */
export async function memberPage(ctx: BenchContext): Promise<void> {
  process.stderr.write(`${ctx.engine}: filtered_page_member…\n`);
  const role = await ctx.api.ok<{ id: string }>('POST', '/api/roles', {
    name: '销售（本部门）',
    grants: [
      {
        formId: ctx.formId,
        actions: ['read'],
        scope: 'department',
        fields: { phone: 'hidden', email: 'hidden' },
      },
    ],
  });
  const email = `member-${Date.now()}@bench.example.cn`;
  await ctx.api.ok('POST', '/api/users', {
    email,
    name: '销售成员',
    password: 'Member-pass-1',
    mainDepartmentId: ctx.departmentIds[0],
    roleIds: [role.body.id],
  });
  const member = new Api(ctx.api.base);
  await member.login(email, 'Member-pass-1');
  const url = (i: number) =>
    `/api/forms/${ctx.formId}/records?filter=${q({
      and: [
        { field: 'tier', op: 'eq', value: tiers[0].value },
        { field: 'city', op: 'eq', value: cities[i % 3].value },
      ],
    })}&sort=-amount&limit=25`;
  const page = await member.ok<{ items: Array<{ departmentId: string; fields: Record<string, unknown> }> }>(
    'GET',
    url(0),
  );
  if (
    page.body.items.some(
      (r) => r.departmentId !== ctx.departmentIds[0] || 'phone' in r.fields || 'email' in r.fields,
    )
  )
    throw new Error('member page: the scope or hidden fields leaked');
  ctx.meter.reset();
  const admin = metrics(
    await sample(300, 30, async (i) => (await ctx.api.ok('GET', url(Math.max(i, 0)))).ms),
  );
  const mem = metrics(await sample(300, 30, async (i) => (await member.ok('GET', url(Math.max(i, 0)))).ms));
  const ratio = Math.round((mem.p95_ms / admin.p95_ms) * 100) / 100;
  ctx.emit({
    scenario: 'filtered_page_member',
    ...mem,
    floor: admin,
    ratio_to_floor: ratio,
    target: "member p95 ≤ 1.3 × the admin's p95 (floor = the admin's page)",
    pass: ratio <= 1.3,
  });
}
