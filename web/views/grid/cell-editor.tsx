import { Typography } from 'antd';
import { useRef, useState } from 'react';
import type { FieldDef } from '../../api/types';
import { ValueInput, preloadValueInputs } from '../shared/value-input';

interface Props {
  field: FieldDef;
  initial: unknown;
  /** Saves; resolves to an error message to show, or undefined when saved. */
  onCommit: (value: unknown) => Promise<string | undefined>;
  onCancel: () => void;
}

// The editors of numbers, dates and pickers load on demand: the first press or focus in a grid starts that,
// so they are here by the time a double-click (or Enter) opens one.
if (typeof document !== 'undefined')
  for (const type of ['pointerdown', 'focusin'] as const)
    document.addEventListener(
      type,
      (e) => (e.target as Element | null)?.closest?.('.grid-scroll') && preloadValueInputs(),
      { capture: true, passive: true },
    );

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A cell in edit mode: the type's editor over the cell; Enter or a choice saves, Esc cancels, a refusal shows under it. */
export function CellEditor({ field, initial, onCommit, onCancel }: Props) {
  const [value, setValue] = useState<unknown>(initial);
  const [error, setError] = useState<string>();
  const busy = useRef(false);

  const commit = async (v: unknown) => {
    if (busy.current) return;
    const normalized = v === '' ? null : v;
    if (same(normalized, initial)) return onCancel();
    busy.current = true;
    const problem = await onCommit(normalized);
    busy.current = false;
    setError(problem);
  };

  return (
    <div
      className={`cell-editor${error ? ' has-error' : ''}`}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onBlur={(e) => {
        // Leaving the editor (not moving into its own dropdown) saves what was typed.
        const next = e.relatedTarget as Node | null;
        if (next && e.currentTarget.contains(next)) return;
        if (
          next &&
          (next as HTMLElement).closest?.(
            '.ant-select-dropdown, .ant-picker-dropdown, .ant-tree-select-dropdown',
          )
        )
          return;
        if (
          [
            'text',
            'textarea',
            'number',
            'currency',
            'percent',
            'email',
            'phone',
            'url',
            'multiselect',
          ].includes(field.type) ||
          (field.multiple && (field.type === 'member' || field.type === 'department'))
        )
          void commit(value);
      }}
    >
      <ValueInput
        field={field}
        value={value}
        autoFocus
        open
        status={error ? 'error' : undefined}
        size="small"
        onChange={(v) => {
          setValue(v);
          setError(undefined);
        }}
        onCommit={(v) => void commit(v)}
        onCancel={onCancel}
      />
      {error && (
        <Typography.Text type="danger" className="cell-error" role="alert">
          {error}
        </Typography.Text>
      )}
    </div>
  );
}
