import { useMutation, useQuery } from '@tanstack/react-query';
import type { ImportJob, ImportOptions } from '../../server/imports/imports.schema';
import { type Answer, answerAs, api, call } from './client';
import { keys } from './keys';

export type { ImportJob, ImportOptions };

const form = api.forms[':formId'];

/** `POST /api/forms/:formId/import/preview`: the first rows and the suggested mapping. */
export type ImportPreview = Answer<typeof form.import.preview.$post>;

/** A multipart body with one `file` part (and the options as JSON, when given). */
function fileBody(file: File, options?: Partial<ImportOptions>): RequestInit {
  const body = new FormData();
  if (options) body.append('options', JSON.stringify(options));
  body.append('file', file);
  return { body };
}

/** Reads a file's header and first rows, with the server's column → field suggestion. */
export function usePreviewImport(formId: string) {
  return useMutation({
    // The route reads the multipart stream itself (no validator), so the file goes in `init`.
    mutationFn: (file: File) =>
      call(form.import.preview.$post, { param: { formId } }, { init: fileBody(file) }),
  });
}

/** Starts an import job (a dry run or the real thing): 202 `{jobId}`. */
export function useStartImport(formId: string) {
  return useMutation({
    mutationFn: ({ file, options }: { file: File; options: Partial<ImportOptions> }) =>
      call(form.import.$post, { param: { formId } }, { init: fileBody(file, options) }),
  });
}

/** An import job, polled every 700 ms until it has finished. */
export function useImportJob(jobId: string | undefined) {
  return useQuery({
    queryKey: keys.importJob(jobId ?? ''),
    queryFn: () => answerAs<ImportJob>(call(api.imports[':jobId'].$get, { param: { jobId: jobId! } })),
    enabled: !!jobId,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === 'succeeded' || q.state.data.status === 'failed') ? false : 700,
    staleTime: 0,
  });
}

/** The download address of an export of the current filter, sort and visible fields (a link, not a fetch). */
export function exportUrl(
  formId: string,
  o: {
    format: 'csv' | 'xlsx';
    filter?: unknown;
    sort?: string;
    q?: string;
    view?: string;
    fields?: string[];
  },
): string {
  // `$path` answers the path below the client's base URL, and leaves params as they are.
  return (
    '/api' +
    form.export.$path({
      param: { formId: encodeURIComponent(formId) },
      query: {
        format: o.format,
        filter: o.filter ? JSON.stringify(o.filter) : undefined,
        sort: o.sort || undefined,
        q: o.q || undefined,
        view: o.view || undefined,
        fields: o.fields?.length ? o.fields.join(',') : undefined,
      },
    })
  );
}
