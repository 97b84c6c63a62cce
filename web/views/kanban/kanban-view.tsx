import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Select, Space, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { patchRecord, useAggregate } from '../../api/record-pages';
import type { FormWorkflow } from '../../api/record-workflow';
import type { DataRecord, FieldDef, FormSchema } from '../../api/types';
import { titleKeyOf, titleOf } from '../../pickers/record-titles';
import { errorMessage } from '../../records/errors';
import { useTransitionFlow } from '../../records/transition-flow';
import { FilterButton } from '../filter/filter-button';
import type { FieldChoice } from '../shared/field-choices';
import { refreshRecords } from '../shared/record-cache';
import type { ViewConfig } from '../view-config';
import {
  type Board,
  type CardMove,
  EMPTY_COLUMN,
  boardWithMoves,
  dropMove,
  groupFieldsOf,
  kanbanColumns,
  withoutMove,
} from './board';
import { CardBody } from './kanban-card';
import { KanbanColumnView } from './kanban-column';

interface Props {
  formId: string;
  form: { fields: FieldDef[]; titleField?: string };
  fields: FieldDef[];
  schema: FormSchema | undefined;
  choices: FieldChoice[];
  workflow: FormWorkflow | null | undefined;
  config: ViewConfig;
  onConfig: (config: ViewConfig) => void;
  groupField: string;
  filter: unknown;
  q: string | undefined;
  onOpen: (record: DataRecord) => void;
}

/**
 * 看板: a column per workflow state (or select option), each loading its own pages. Dropping a card
 * in another column asks the server (a transition, or a PATCH of the select field); a refusal
 * snaps the card back with the reason, a request for fields or a comment opens a small form.
 */
export function KanbanView({
  formId,
  form,
  fields,
  schema,
  choices,
  workflow,
  config,
  onConfig,
  groupField,
  filter,
  q,
  onOpen,
}: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const flow = useTransitionFlow(formId, schema);
  const [server, setServer] = useState<Board>({});
  const [records, setRecords] = useState<Map<string, DataRecord>>(new Map());
  const [moves, setMoves] = useState<CardMove[]>([]);
  const [dragging, setDragging] = useState<string>();

  const columns = useMemo(
    () => kanbanColumns(groupField, fields, workflow, t('kanban.emptyColumn')),
    [groupField, fields, workflow, t],
  );
  const counts = useAggregate(formId, { filter, q, groupBy: [groupField] });
  const countOf = (key: string) =>
    counts.data?.find((r) => (r.group[groupField] ?? EMPTY_COLUMN) === key)?.values.count ??
    (counts.data ? 0 : undefined);
  const base = useMemo(() => ({ filter, q, sort: config.sort }), [filter, q, config.sort]);
  const titleKey = titleKeyOf(form as never);
  const cardKeys =
    config.kanban?.cardFields ??
    fields
      .filter((f) => f.key !== titleKey && f.key !== groupField)
      .slice(0, 3)
      .map((f) => f.key);
  const cardFields = cardKeys.map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldDef => !!f);

  const onLoaded = useCallback((column: string, list: DataRecord[]) => {
    setServer((prev) => ({ ...prev, [column]: list.map((r) => r.id) }));
    setRecords((prev) => {
      const next = new Map(prev);
      list.forEach((r) => next.set(r.id, r));
      return next;
    });
  }, []);

  const board = useMemo(() => {
    const withAll: Board = Object.fromEntries(columns.map((c) => [c.key, server[c.key] ?? []]));
    return boardWithMoves(withAll, moves);
  }, [columns, server, moves]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const send = async (move: CardMove) => {
    const record = records.get(move.card);
    const target = columns.find((c) => c.key === move.to);
    if (!record || !target) return false;
    if (groupField === 'state')
      return flow.run(record, move.to, target.label, titleOf(record, titleKey, t('kanban.untitled')));
    try {
      await patchRecord(
        formId,
        record.id,
        { [groupField]: move.to === EMPTY_COLUMN ? null : move.to },
        record.version,
      );
      message.success(t('kanban.moved', { column: target.label }));
      return true;
    } catch (e) {
      message.error(
        t('kanban.refused', {
          reason: e instanceof ApiError && e.status === 409 ? t('views.conflict') : errorMessage(e, t),
        }),
        5,
      );
      return false;
    }
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    if (!over) return;
    const card = String(active.id);
    const overColumn = (over.data.current as { column?: string } | undefined)?.column;
    if (!overColumn) return;
    const move = dropMove(
      board,
      card,
      String(over.id).startsWith('col:')
        ? { column: overColumn }
        : { column: overColumn, card: String(over.id) },
    );
    if (!move) return;
    // Within a column the order is the person's own (kept while the page is open); across columns the server decides.
    setMoves((prev) => [...withoutMove(prev, card), move]);
    if (move.from === move.to) return;
    const ok = await send(move);
    if (ok) await refreshRecords(qc, formId);
    setMoves((prev) => withoutMove(prev, card));
  };

  const groupOptions = groupFieldsOf(fields, !!workflow).map((g) => ({
    value: g.key,
    label: g.key === 'state' ? t('kanban.state') : g.label,
  }));
  const draggingRecord = dragging ? records.get(dragging) : undefined;

  return (
    <div className="kanban-view">
      <div className="view-toolbar">
        <Space size={8} wrap>
          <FilterButton
            filter={config.filter}
            onFilter={(f) => onConfig({ ...config, filter: f as ViewConfig['filter'] })}
            choices={choices}
            workflow={workflow}
          />
          <Typography.Text type="secondary">{t('kanban.groupField')}</Typography.Text>
          <Select
            size="small"
            style={{ minWidth: 140 }}
            value={groupField}
            options={groupOptions}
            onChange={(g: string) => onConfig({ ...config, kanban: { ...config.kanban, groupField: g } })}
          />
          <Typography.Text type="secondary">{t('kanban.cardFields')}</Typography.Text>
          <Select
            size="small"
            mode="multiple"
            maxCount={10}
            maxTagCount="responsive"
            style={{ minWidth: 240 }}
            value={cardKeys}
            options={fields.filter((f) => f.key !== titleKey).map((f) => ({ value: f.key, label: f.label }))}
            onChange={(keys: string[]) =>
              onConfig({ ...config, kanban: { groupField, ...config.kanban, cardFields: keys } })
            }
          />
        </Space>
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={({ active }: DragStartEvent) => setDragging(String(active.id))}
        onDragEnd={(e) => void onDragEnd(e)}
        onDragCancel={() => setDragging(undefined)}
      >
        <div className="kanban-board">
          {columns.map((c) => (
            <KanbanColumnView
              key={`${groupField}:${c.key}`}
              formId={formId}
              column={c}
              groupField={groupField}
              base={base}
              count={countOf(c.key)}
              ids={board[c.key]}
              records={records}
              onLoaded={onLoaded}
              titleKey={titleKey}
              cardFields={cardFields}
              workflow={workflow}
              onOpen={onOpen}
            />
          ))}
        </div>
        {/* No drop animation: the card is where the server put it (or back where it was) at once. */}
        <DragOverlay dropAnimation={null}>
          {draggingRecord ? (
            <div className="kanban-card ghost">
              <CardBody
                formId={formId}
                record={draggingRecord}
                titleKey={titleKey}
                cardFields={cardFields}
                workflow={workflow}
              />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {flow.element}
    </div>
  );
}
