import type { Context } from 'hono';
import { type AuditEntry, auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import type { Db } from '../db/database.js';
import type { Action } from '../permissions/permissions.schema.js';
import {
  type RecordContext,
  assertInScope,
  presentAll,
  recordContext,
} from '../permissions/record-access.js';
import type { RecordOut } from './records.repository.js';

/** One write to a form's records, as a handler states it: what right, on which record, doing what. */
export interface RecordWrite {
  /** The form written to. */
  formId: string;
  /** The right the caller needs on the form; also the scope the record must be in. */
  action: Action;
  /** The record written, when one: it must be in the caller's scope for `action` before `run`. */
  recordId?: string;
  /** Whether the record may be in the recycle bin (restoring it). */
  inRecycleBin?: boolean;
  /** The operation itself, in the write's transaction, with the caller's access context. */
  run(tx: Db, rc: RecordContext): Promise<RecordOut[]>;
  /** What the audit log keeps of it (the caller, address and time are added). */
  audit(recs: RecordOut[], rc: RecordContext): AuditEntry;
  /** How the records are shown back: one in full, or as list rows. */
  present: 'detail' | 'list';
}

/**
 * Runs a record write the one way: transaction → access context → scope check → operation →
 * audit → presentation as the caller may see it. Every record handler goes through here, so none
 * forgets a step; the answer is the written records as presented.
 */
export async function writeRecords(c: Context<AppEnv>, w: RecordWrite): Promise<RecordOut[]> {
  const deps = c.var.deps;
  return deps.db.transaction().execute(async (tx) => {
    const rc = await recordContext(tx, deps, c.var.user, w.formId, w.action);
    if (w.recordId !== undefined) await assertInScope(tx, rc, w.recordId, w.action, w.inRecycleBin ?? false);
    const recs = await w.run(tx, rc);
    await auditFrom(c, w.audit(recs, rc), tx);
    return presentAll(tx, rc, recs, w.present);
  });
}

type OneRecordWrite = Omit<RecordWrite, 'run' | 'audit'> & {
  run(tx: Db, rc: RecordContext): Promise<RecordOut>;
  audit(rec: RecordOut, rc: RecordContext): AuditEntry;
};

/** `writeRecords` for a write of one record: answers it as presented. */
export async function writeRecord(c: Context<AppEnv>, w: OneRecordWrite): Promise<RecordOut> {
  const [out] = await writeRecords(c, {
    ...w,
    run: async (tx, rc) => [await w.run(tx, rc)],
    audit: ([rec], rc) => w.audit(rec, rc),
  });
  return out;
}
