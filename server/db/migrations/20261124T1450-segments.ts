import type { Kysely } from 'kysely';

/** Segmentation rule sets (RFM or value–potential) and churn-warning settings, one per form. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('segmentations')
    .addColumn('form_id', 'text', (c) => c.primaryKey().references('forms.id').onDelete('cascade'))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
