import { useDraggable } from '@dnd-kit/core';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldTypeName } from '../api/types';
import { FIELD_CATALOG, FIELD_GROUPS } from '../fields/catalog';
import { paletteId } from './drop';
import { fieldIcons } from './field-icons';

function PaletteItem({ type, onAdd }: { type: FieldTypeName; onAdd: (type: FieldTypeName) => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: paletteId(type),
    data: { type },
  });
  return (
    <div
      ref={setNodeRef}
      className={`palette-item${isDragging ? ' dragging' : ''}`}
      {...attributes}
      {...listeners}
      onClick={() => onAdd(type)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onAdd(type);
        else listeners?.onKeyDown?.(e);
      }}
    >
      <span className="palette-icon">{fieldIcons[type]}</span>
      <span>{t(`fieldTypes.${type}`)}</span>
    </div>
  );
}

/** The field types, grouped 基础 / 选择 / 日期 / 人员与部门 / 关联与计算 / 文件: drag onto the canvas, or click (Enter) to append. */
export function Palette({ onAdd }: { onAdd: (type: FieldTypeName) => void }) {
  const { t } = useTranslation();
  return (
    <div className="builder-palette">
      <Typography.Text type="secondary" className="panel-hint">
        {t('builder.paletteHint')}
      </Typography.Text>
      {FIELD_GROUPS.map((g) => (
        <section key={g} className="palette-group">
          <div className="palette-group-title">{t(`fieldGroups.${g}`)}</div>
          <div className="palette-grid">
            {FIELD_CATALOG.filter((f) => f.group === g).map((f) => (
              <PaletteItem key={f.type} type={f.type} onAdd={onAdd} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** What follows the pointer while a palette item is dragged. */
export function PaletteGhost({ type }: { type: FieldTypeName }) {
  const { t } = useTranslation();
  return (
    <div className="palette-item ghost">
      <span className="palette-icon">{fieldIcons[type]}</span>
      <span>{t(`fieldTypes.${type}`)}</span>
    </div>
  );
}
