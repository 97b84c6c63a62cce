import { useParams } from 'react-router';
import { DataView } from '../views/data-view';

/** `/forms/:formId`: the form's records as a grid, kanban or calendar (web/views/data-view.tsx). */
export default function DataPage() {
  const { formId = '' } = useParams();
  return (
    <div className="page page-fill">
      <DataView key={formId} formId={formId} />
    </div>
  );
}
