import { Skeleton } from 'antd';
import { type ComponentProps, Suspense, lazy } from 'react';
import type { RecordForm as RecordFormType } from './record-form';

const Inner = lazy(() => import('./record-form').then((m) => ({ default: m.RecordForm })));

/** RecordForm, loaded on first use: rjsf and ajv stay out of the first page load. */
export function LazyRecordForm(props: ComponentProps<typeof RecordFormType>) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <Inner {...props} />
    </Suspense>
  );
}
