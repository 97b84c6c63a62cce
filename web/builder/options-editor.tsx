import { DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SelectOption } from '../api/types';
import { OPTION_COLORS } from '../fields/catalog';
import { moveOption, nextOptionValue } from './fields';

interface RowProps {
  id: string;
  option: SelectOption;
  onChange: (patch: Partial<SelectOption>) => void;
  onRemove: () => void;
  canRemove: boolean;
}

function OptionRow({ id, option, onChange, onRemove, canRemove }: RowProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({
    id,
  });
  return (
    <div
      ref={setNodeRef}
      className="option-row"
      style={{ transform: CSS.Translate.toString(transform), transition }}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="field-handle"
        aria-label={t('builder.dragHandle')}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined />
      </button>
      <Select
        size="small"
        className="option-color"
        style={{ width: 56, flex: 'none' }}
        value={option.color ?? 'default'}
        aria-label={t('builder.prop.color')}
        onChange={(c: string) => onChange({ color: c === 'default' ? undefined : c })}
        options={OPTION_COLORS.map((c) => ({ value: c, label: <span className={`swatch swatch-${c}`} /> }))}
        popupMatchSelectWidth={false}
      />
      <Input
        size="small"
        value={option.label}
        placeholder={t('builder.prop.optionLabel')}
        onChange={(e) => onChange({ label: e.target.value })}
      />
      <Input
        size="small"
        className="option-value"
        value={option.value}
        placeholder={t('builder.prop.optionValue')}
        onChange={(e) => onChange({ value: e.target.value })}
      />
      <Button
        type="text"
        size="small"
        icon={<DeleteOutlined />}
        disabled={!canRemove}
        onClick={onRemove}
        aria-label={t('builder.remove')}
      />
    </div>
  );
}

interface Props {
  options: SelectOption[];
  onChange: (options: SelectOption[]) => void;
}

/** Options of a select: label, value and color each, reordered by drag (mouse or keyboard). */
export function OptionsEditor({ options, onChange }: Props) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  // Sortable ids must stay stable while a value is being typed: use positions.
  const ids = options.map((_, i) => `opt-${i}`);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    onChange(moveOption(options, ids.indexOf(String(active.id)), ids.indexOf(String(over.id))));
  };
  return (
    <div className="options-editor">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          {options.map((o, i) => (
            <OptionRow
              key={ids[i]}
              id={ids[i]}
              option={o}
              canRemove={options.length > 1}
              onChange={(patch) =>
                onChange(
                  options.map((x, j) =>
                    j === i
                      ? (Object.fromEntries(
                          Object.entries({ ...x, ...patch }).filter(([, v]) => v !== undefined),
                        ) as unknown as SelectOption)
                      : x,
                  ),
                )
              }
              onRemove={() => onChange(options.filter((_, j) => j !== i))}
            />
          ))}
        </SortableContext>
      </DndContext>
      <Button
        type="dashed"
        size="small"
        block
        icon={<PlusOutlined />}
        onClick={() =>
          onChange([
            ...options,
            { value: nextOptionValue(options), label: t('builder.newOption', { n: options.length + 1 }) },
          ])
        }
      >
        {t('builder.prop.addOption')}
      </Button>
    </div>
  );
}
