import type { SqlFloor } from './floor.js';
import type { Api } from './http.js';
import type { RssMeter } from './server-process.js';
import type { ResultLine } from './stats.js';

/** What every scenario works with. */
export interface BenchContext {
  engine: 'sqlite' | 'postgres';
  api: Api;
  floor: SqlFloor;
  meter: RssMeter;
  formId: string;
  /** The form's record table, and the floor's copy of it. */
  table: string;
  floorTable: string;
  /** Column of a field key. */
  col(key: string): string;
  adminId: string;
  userIds: string[];
  /** Sales departments the customers are spread over. */
  departmentIds: string[];
  /** Records seeded so far (the next new customer is number `count + 1`). */
  count: number;
  /** A spread-out sample of seeded record ids, in the API table and in the floor copy. */
  ids: string[];
  floorIds: string[];
  /** Prints a result line; `n` defaults to `count`, the peak to the server's since the last reset. */
  emit(
    line: Omit<ResultLine, 'engine' | 'n' | 'server_peak_rss_mb'> & {
      n?: number;
      server_peak_rss_mb?: number;
    },
  ): void;
}

export const systemColumns = [
  'id',
  'seq',
  'version',
  'state',
  'owner_id',
  'department_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
];
