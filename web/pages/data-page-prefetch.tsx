import { useEffect } from 'react';
import { useForm, useFormAccess } from '../api/forms';
import { useFormWorkflow } from '../api/record-workflow';
import { useViews } from '../api/views';
import { useGridPages } from '../views/grid/grid-pages';
import { plainGridParams } from '../views/plain-grid';

interface Props {
  formId: string;
  search: URLSearchParams;
  /** Everything asked for has arrived (or failed): the caller unmounts this. */
  onDone: () => void;
}

/**
 * On a direct visit to a data page, asks for what the page shows (the form, the user's rights on
 * it, its workflow, its views and the grid's first page) at the app's first render, alongside the
 * signed-in check, instead of once the shell has drawn the page. The same hooks as the page, so
 * the page finds them cached; rendered only until they are here, so nothing stays subscribed.
 */
export function DataPagePrefetch({ formId, search, onDone }: Props) {
  const plain = plainGridParams(search);
  const queries = [
    useForm(formId),
    useFormAccess(formId),
    useFormWorkflow(formId),
    useViews(formId),
    useGridPages(formId, plain ?? {}, !!plain),
  ];
  const done = queries.every((q) => !q.isPending || q.fetchStatus === 'idle');
  useEffect(() => {
    if (done) onDone();
  }, [done, onDone]);
  return null;
}
