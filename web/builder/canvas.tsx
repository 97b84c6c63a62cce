import { CopyOutlined, DeleteOutlined, HolderOutlined, InboxOutlined } from '@ant-design/icons';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Button, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldInfo } from '../fields/catalog';
import { autonumberExample } from './autonumber';
import { CANVAS_ID } from './drop';
import { fieldIcons } from './field-icons';
import type { BuilderField } from './fields';

interface CardProps {
  field: BuilderField;
  selected: boolean;
  problems: number;
  onSelect: () => void;
  onDuplicate: () => void;
  onRemove: () => void;
}

/** What a field looks like on the canvas: a faint picture of its control. */
function FieldLook({ field }: { field: BuilderField }) {
  const { t } = useTranslation();
  if ((field.type === 'select' || field.type === 'multiselect') && field.options?.length)
    return (
      <div className="look look-options">
        {field.options.slice(0, 6).map((o) => (
          <Tag key={o.value} color={o.color && o.color !== 'default' ? o.color : undefined} variant="filled">
            {o.label}
          </Tag>
        ))}
      </div>
    );
  if (field.type === 'autonumber' && field.format)
    return <div className="look">{autonumberExample(field.format, new Date())}</div>;
  if (field.type === 'formula') return <div className="look look-code">{field.expression || '='}</div>;
  if (field.type === 'textarea') return <div className="look look-tall">{field.help ?? ''}</div>;
  return <div className="look">{fieldInfo(field.type).computed ? t('builder.readOnly') : ''}</div>;
}

function FieldCard({ field, selected, problems, onSelect, onDuplicate, onRemove }: CardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: field.uid });
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`field-card${selected ? ' selected' : ''}${isDragging ? ' dragging' : ''}${problems ? ' has-problems' : ''}`}
      onClick={onSelect}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="field-handle"
        aria-label={t('builder.dragHandle')}
        {...attributes}
        {...listeners}
        onClick={(e) => e.stopPropagation()}
      >
        <HolderOutlined />
      </button>
      <div className="field-body">
        <div className="field-title">
          <span className="field-type-icon">{fieldIcons[field.type]}</span>
          <span className="field-label">{field.label}</span>
          {field.required && <span className="field-required">*</span>}
          {problems > 0 && (
            <Badge count={problems} size="small" title={t('builder.fieldErrors', { count: problems })} />
          )}
          <span className="field-meta">
            <Typography.Text type="secondary" code>
              {field.key}
            </Typography.Text>
            <Tag variant="filled">{t(`fieldTypes.${field.type}`)}</Tag>
            {field.unique && (
              <Tag variant="filled" color="purple">
                {t('builder.unique')}
              </Tag>
            )}
          </span>
        </div>
        <FieldLook field={field} />
      </div>
      <div className="field-actions" onClick={(e) => e.stopPropagation()}>
        <Tooltip title={t('builder.duplicate')}>
          <Button type="text" size="small" icon={<CopyOutlined />} onClick={onDuplicate} />
        </Tooltip>
        <Tooltip title={t('builder.remove')}>
          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} />
        </Tooltip>
      </div>
    </div>
  );
}

interface Props {
  fields: BuilderField[];
  selected: string | undefined;
  problemCount: (uid: string) => number;
  onSelect: (uid: string) => void;
  onDuplicate: (uid: string) => void;
  onRemove: (uid: string) => void;
}

/** The form being built: fields in order, sortable; also the drop target for palette items. */
export function Canvas({ fields, selected, problemCount, onSelect, onDuplicate, onRemove }: Props) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: CANVAS_ID });
  return (
    <div ref={setNodeRef} className={`builder-canvas${isOver ? ' over' : ''}`}>
      <SortableContext items={fields.map((f) => f.uid)} strategy={verticalListSortingStrategy}>
        {fields.map((f) => (
          <FieldCard
            key={f.uid}
            field={f}
            selected={selected === f.uid}
            problems={problemCount(f.uid)}
            onSelect={() => onSelect(f.uid)}
            onDuplicate={() => onDuplicate(f.uid)}
            onRemove={() => onRemove(f.uid)}
          />
        ))}
      </SortableContext>
      {fields.length === 0 ? (
        <div className="canvas-empty">
          <InboxOutlined className="canvas-empty-icon" />
          <div>{t('builder.canvasEmpty')}</div>
          <Typography.Text type="secondary">{t('builder.canvasEmptyHint')}</Typography.Text>
        </div>
      ) : (
        <div className="canvas-drop-end" />
      )}
    </div>
  );
}

/** What follows the pointer while a field is dragged. */
export function FieldGhost({ field }: { field: BuilderField }) {
  return (
    <div className="field-card ghost">
      <span className="field-handle">
        <HolderOutlined />
      </span>
      <span className="field-type-icon">{fieldIcons[field.type]}</span>
      <span className="field-label">{field.label}</span>
    </div>
  );
}
