import { useMutation, useQuery } from '@tanstack/react-query';
import type { ImportJob, ImportOptions } from '../../server/imports/imports.schema';
import { ApiError, api, readCookie, withQuery } from './client';
import { keys } from './keys';
import type { ApiErrorBody } from './types';

export type { ImportJob, ImportOptions };

/** `POST /api/forms/:formId/import/preview`: the first rows and the suggested mapping. */
export interface ImportPreview {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: unknown[][];
  mapping: Record<string, string | null>;
  fields: Array<{ key: string; label: string; type: string; required: boolean }>;
}

/** Sends a multipart body with the CSRF header; throws ApiError like `api`. */
async function upload<T>(path: string, body: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = readCookie('tessera_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body, headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  const data = (await res.json().catch(() => undefined)) as T | ApiErrorBody | undefined;
  if (!res.ok) {
    const err = (data as ApiErrorBody | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText, err?.details ?? []);
  }
  return data as T;
}

const importPath = (formId: string) => `/api/forms/${encodeURIComponent(formId)}/import`;

/** Reads a file's header and first rows, with the server's column → field suggestion. */
export function usePreviewImport(formId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file);
      return upload<ImportPreview>(`${importPath(formId)}/preview`, body);
    },
  });
}

/** Starts an import job (a dry run or the real thing): 202 `{jobId}`. */
export function useStartImport(formId: string) {
  return useMutation({
    mutationFn: ({ file, options }: { file: File; options: Partial<ImportOptions> }) => {
      const body = new FormData();
      body.append('options', JSON.stringify(options));
      body.append('file', file);
      return upload<{ jobId: string; status: string }>(importPath(formId), body);
    },
  });
}

/** An import job, polled every 700 ms until it has finished. */
export function useImportJob(jobId: string | undefined) {
  return useQuery({
    queryKey: keys.importJob(jobId ?? ''),
    queryFn: () => api<ImportJob>('GET', `/api/imports/${encodeURIComponent(jobId!)}`),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'succeeded' || q.state.data.status === 'failed') ? false : 700),
    staleTime: 0,
  });
}

/** The download address of an export of the current filter, sort and visible fields. */
export function exportUrl(formId: string, o: { format: 'csv' | 'xlsx'; filter?: unknown; sort?: string; q?: string; view?: string; fields?: string[] }): string {
  return withQuery(`/api/forms/${encodeURIComponent(formId)}/export`, {
    format: o.format,
    filter: o.filter ? JSON.stringify(o.filter) : undefined,
    sort: o.sort,
    q: o.q,
    view: o.view,
    fields: o.fields?.length ? o.fields.join(',') : undefined,
  });
}
