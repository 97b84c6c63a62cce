import { useMemo, useState } from 'react';
import { previewSchema } from '../fields/preview-schema';
import { ErrorBoundary } from '../layout/error-boundary';
import { LazyRecordForm as RecordForm } from '../records/lazy-record-form';
import type { BuilderField } from './fields';

/** The form as users will fill it, rendered live by rjsf from the fields being edited. */
export function PreviewPane({ fields }: { fields: BuilderField[] }) {
  const schema = useMemo(() => previewSchema(fields), [fields]);
  const [data, setData] = useState<Record<string, unknown>>({});
  const key = JSON.stringify(schema);
  return (
    <div className="builder-preview">
      <ErrorBoundary resetKey={key}>
        <RecordForm schema={schema} formData={data} onChange={setData} />
      </ErrorBoundary>
    </div>
  );
}
