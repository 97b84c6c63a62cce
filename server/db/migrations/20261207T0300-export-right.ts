import type { Kysely } from 'kysely';

/**
 * Exporting records became its own right (`export`), separate from `read`. So that no one loses
 * what they could do yesterday, every grant that lets its holder read gains `export`; roles made
 * from now on (and the shipped templates' read-only roles) get it only when it is given.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const roles = (await db.selectFrom('roles').select(['id', 'grants']).execute()) as {
    id: string;
    grants: string;
  }[];
  for (const role of roles) {
    const grants = JSON.parse(role.grants) as Array<{ actions?: string[] }>;
    let changed = false;
    for (const g of grants)
      if (g.actions?.includes('read') && !g.actions.includes('export')) {
        g.actions.push('export');
        changed = true;
      }
    if (changed)
      await db
        .updateTable('roles')
        .set({ grants: JSON.stringify(grants) })
        .where('id', '=', role.id)
        .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
