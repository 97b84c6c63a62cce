import type { CurrentUser, Deps } from '../context.js';
import { AppError } from '../errors.js';
import { iso } from '../shared/clock.js';
import { uploadWindowMs } from './file-access.js';

/** What one person may have uploaded and not yet attached to any record, within the upload window. */
export const pendingUploadLimit = { files: 200, bytes: 2 * 1024 * 1024 * 1024 };

/**
 * 429 when the caller's uploads that no record holds yet (last 24 hours) would pass 200 files or
 * 2 GB with this one: uploads cost disk until the clean-up, so nobody can fill the disk with them.
 */
export async function checkPendingUploads(deps: Deps, user: CurrentUser, size: number): Promise<void> {
  const since = iso(new Date(deps.clock.now().getTime() - uploadWindowMs));
  const row = await deps.db
    .selectFrom('files')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('bytes')])
    .where('created_by', '=', user.id)
    .where('created_at', '>', since)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('file_links').select('file_id').whereRef('file_id', '=', 'files.id'))),
    )
    .executeTakeFirst();
  const files = Number(row?.n ?? 0);
  const bytes = Number(row?.bytes ?? 0);
  if (files + 1 > pendingUploadLimit.files || bytes + size > pendingUploadLimit.bytes)
    throw new AppError(
      'rate_limited',
      'Too many uploaded files wait to be attached to a record; attach or wait for them to expire',
      [],
      {
        'Retry-After': '3600',
      },
    );
}
