import { ClockCircleOutlined } from '@ant-design/icons';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type FormWorkflow, useRecordWorkflow } from '../../api/record-workflow';
import type { DataRecord, FieldDef } from '../../api/types';
import { titleOf } from '../../pickers/record-titles';
import { ValueCell } from '../shared/value-cell';
import { deadlineOf, isOverdue } from './board';

interface CardProps {
  formId: string;
  record: DataRecord;
  column: string;
  titleKey: string | undefined;
  cardFields: FieldDef[];
  workflow: FormWorkflow | null | undefined;
  onOpen: (record: DataRecord) => void;
}

/** 已超时 when the record has stayed in its state past the time limit (asking the server when the rule is not a plain one). */
function OverdueTag({
  formId,
  record,
  workflow,
}: {
  formId: string;
  record: DataRecord;
  workflow: FormWorkflow | null | undefined;
}) {
  const { t } = useTranslation();
  const enteredAt = (record as DataRecord & { stateEnteredAt?: string | null }).stateEnteredAt;
  const deadline = deadlineOf(workflow, record.state, enteredAt);
  const asked = useRecordWorkflow(formId, record.id, deadline === 'ask');
  const overdue = deadline === 'ask' ? !!asked.data?.overdue : isOverdue(deadline, new Date());
  return overdue ? (
    <Tag color="red" icon={<ClockCircleOutlined />} className="card-overdue">
      {t('kanban.overdue')}
    </Tag>
  ) : null;
}

/** What a card shows: its title, the chosen fields, and 已超时 when late. */
export function CardBody({
  formId,
  record,
  titleKey,
  cardFields,
  workflow,
}: Omit<CardProps, 'onOpen' | 'column'>) {
  const { t } = useTranslation();
  return (
    <>
      <div className="card-title">
        <Typography.Text strong ellipsis>
          {titleOf(record, titleKey, t('kanban.untitled'))}
        </Typography.Text>
        {workflow && <OverdueTag formId={formId} record={record} workflow={workflow} />}
      </div>
      {cardFields.map((f) => {
        const v = record.fields[f.key];
        if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return null;
        return (
          <div key={f.key} className="card-field">
            <span className="card-field-label">{f.label}</span>
            <span className="card-field-value">
              <ValueCell field={f} value={v} />
            </span>
          </div>
        );
      })}
    </>
  );
}

/** A draggable card (drag it to another column or place; click to open the record). */
export function KanbanCard(props: CardProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: props.record.id,
    data: { column: props.column },
  });
  return (
    <div
      ref={setNodeRef}
      className={`kanban-card${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-record={props.record.id}
      {...attributes}
      {...listeners}
      onClick={() => props.onOpen(props.record)}
    >
      <CardBody {...props} />
    </div>
  );
}
