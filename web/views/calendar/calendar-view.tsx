import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Popover, Segmented, Select, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { patchRecord, useRecordPages } from '../../api/record-pages';
import type { FormWorkflow } from '../../api/record-workflow';
import type { DataRecord, FieldDef } from '../../api/types';
import { titleOf } from '../../pickers/record-titles';
import { errorMessage } from '../../records/errors';
import { FilterButton } from '../filter/filter-button';
import { andFilters } from '../filter/filter-model';
import type { FieldChoice } from '../shared/field-choices';
import { refreshRecords } from '../shared/record-cache';
import type { ViewConfig } from '../view-config';
import {
  type CalendarMode,
  type DayKey,
  byDay,
  dayOf,
  prefillFor,
  rangeFilter,
  rescheduled,
  shiftAnchor,
  visibleDays,
} from './calendar-math';

const MAX_RECORDS = 2000;
const MONTH_CHIPS = 3;
const colors: Record<string, string> = {
  blue: '#1677ff',
  green: '#52c41a',
  gold: '#faad14',
  red: '#f5222d',
  purple: '#722ed1',
  cyan: '#13c2c2',
  orange: '#fa8c16',
  magenta: '#eb2f96',
  lime: '#a0d911',
  geekblue: '#2f54eb',
  volcano: '#fa541c',
};

interface Props {
  formId: string;
  fields: FieldDef[];
  choices: FieldChoice[];
  workflow: FormWorkflow | null | undefined;
  config: ViewConfig;
  onConfig: (config: ViewConfig) => void;
  dateField: FieldDef;
  titleKey: string | undefined;
  filter: unknown;
  q: string | undefined;
  onOpen: (record: DataRecord) => void;
  onCreate: (prefill: Record<string, unknown>) => void;
}

function Chip({
  record,
  title,
  color,
  onOpen,
}: {
  record: DataRecord;
  title: string;
  color: string;
  onOpen: (r: DataRecord) => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: record.id });
  return (
    <div
      ref={setNodeRef}
      className={`cal-chip${isDragging ? ' dragging' : ''}`}
      style={{ borderLeftColor: color }}
      title={title}
      data-record={record.id}
      {...attributes}
      {...listeners}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(record);
      }}
    >
      {title}
    </div>
  );
}

function DayCell({
  day,
  inMonth,
  mode,
  children,
  onCreate,
}: {
  day: DayKey;
  inMonth: boolean;
  mode: CalendarMode;
  children: React.ReactNode;
  onCreate: () => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `day:${day}`, data: { day } });
  const today = day === dayjs().format('YYYY-MM-DD');
  return (
    <div
      ref={setNodeRef}
      className={`cal-day${inMonth ? '' : ' out'}${isOver ? ' over' : ''}${today ? ' today' : ''} ${mode}`}
      onClick={onCreate}
      data-day={day}
    >
      <div className="cal-day-head">
        <span className="cal-day-n">{dayjs(day).date()}</span>
        <button
          type="button"
          className="cal-add"
          aria-label={t('calendar.newOn', { date: day })}
          title={t('calendar.newOn', { date: day })}
          onClick={(e) => {
            e.stopPropagation();
            onCreate();
          }}
        >
          <PlusOutlined />
        </button>
      </div>
      <div className="cal-chips">{children}</div>
    </div>
  );
}

/** 日历: records as chips on the day of a date field, by month or week; drag a chip to reschedule, click a day to add a record on it. */
export function CalendarView({
  formId,
  fields,
  choices,
  workflow,
  config,
  onConfig,
  dateField,
  titleKey,
  filter,
  q,
  onOpen,
  onCreate,
}: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [mode, setMode] = useState<CalendarMode>('month');
  const [anchor, setAnchor] = useState<DayKey>(() => dayjs().format('YYYY-MM-DD'));
  const [moved, setMoved] = useState<Map<string, DayKey>>(new Map());
  const [dragging, setDragging] = useState<string>();
  const kind = dateField.type === 'datetime' ? 'datetime' : 'date';
  const days = useMemo(() => visibleDays(mode, anchor), [mode, anchor]);
  const month = dayjs(anchor).month();

  const params = useMemo(
    () => ({ filter: andFilters(filter, rangeFilter(dateField.key, kind, days)), q, sort: dateField.key }),
    [filter, dateField.key, kind, days, q],
  );
  const pages = useRecordPages(formId, params, 500);
  const loaded = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && loaded.length < MAX_RECORDS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, loaded.length, fetchNextPage]);

  const grouped = useMemo(
    () =>
      byDay(
        loaded,
        (r) =>
          moved.has(r.id)
            ? rescheduled(r.fields[dateField.key], kind, moved.get(r.id)!)
            : r.fields[dateField.key],
        kind,
      ),
    [loaded, moved, dateField.key, kind],
  );
  const colorOf = (r: DataRecord) => {
    const s = workflow?.states.find((x) => x.key === r.state);
    const c = s?.color ?? 'blue';
    return colors[c] ?? c;
  };
  const title = (r: DataRecord) => titleOf(r, config.calendar?.titleField ?? titleKey, t('kanban.untitled'));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    const day = (over?.data.current as { day?: DayKey } | undefined)?.day;
    const record = loaded.find((r) => r.id === active.id);
    if (!day || !record || dayOf(record.fields[dateField.key], kind) === day) return;
    setMoved((prev) => new Map(prev).set(record.id, day));
    try {
      await patchRecord(
        formId,
        record.id,
        { [dateField.key]: rescheduled(record.fields[dateField.key], kind, day) },
        record.version,
      );
      message.success(t('calendar.moved', { date: day }));
      await refreshRecords(qc, formId);
    } catch (e) {
      message.error(
        t('kanban.refused', {
          reason: e instanceof ApiError && e.status === 409 ? t('views.conflict') : errorMessage(e, t),
        }),
        5,
      );
    }
    setMoved((prev) => {
      const next = new Map(prev);
      next.delete(record.id);
      return next;
    });
  };

  const dateFields = fields.filter((f) => f.type === 'date' || f.type === 'datetime');
  const weekdays = t('calendar.weekdays').split(',');
  const heading =
    mode === 'month'
      ? dayjs(anchor).format(t('calendar.monthTitle'))
      : `${dayjs(days[0]).format(t('calendar.weekTitle'))} – ${dayjs(days[6]).format(t('calendar.weekTitle'))}`;
  const draggingRecord = dragging ? loaded.find((r) => r.id === dragging) : undefined;

  return (
    <div className="calendar-view">
      <div className="view-toolbar">
        <Space size={8} wrap>
          <Button
            size="small"
            autoInsertSpace={false}
            onClick={() => setAnchor(dayjs().format('YYYY-MM-DD'))}
          >
            {t('calendar.today')}
          </Button>
          <Button
            size="small"
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('calendar.prev')}
            onClick={() => setAnchor(shiftAnchor(mode, anchor, -1))}
          />
          <Button
            size="small"
            type="text"
            icon={<RightOutlined />}
            aria-label={t('calendar.next')}
            onClick={() => setAnchor(shiftAnchor(mode, anchor, 1))}
          />
          <Typography.Text strong className="cal-heading">
            {heading}
          </Typography.Text>
          {pages.isFetching && <Spin size="small" />}
        </Space>
        <Space size={8} wrap>
          <FilterButton
            filter={config.filter}
            onFilter={(f) => onConfig({ ...config, filter: f as ViewConfig['filter'] })}
            choices={choices}
            workflow={workflow}
          />
          <Typography.Text type="secondary">{t('calendar.dateField')}</Typography.Text>
          <Select
            size="small"
            style={{ minWidth: 120 }}
            value={dateField.key}
            options={dateFields.map((f) => ({ value: f.key, label: f.label }))}
            onChange={(k: string) => onConfig({ ...config, calendar: { ...config.calendar, dateField: k } })}
          />
          <Segmented
            size="small"
            value={mode}
            onChange={(m) => setMode(m as CalendarMode)}
            options={[
              { value: 'month', label: t('calendar.month') },
              { value: 'week', label: t('calendar.week') },
            ]}
          />
        </Space>
      </div>
      {hasNextPage && loaded.length >= MAX_RECORDS && (
        <Typography.Text type="warning">{t('calendar.tooMany', { count: MAX_RECORDS })}</Typography.Text>
      )}
      <DndContext
        sensors={sensors}
        onDragStart={({ active }) => setDragging(String(active.id))}
        onDragEnd={(e) => void onDragEnd(e)}
        onDragCancel={() => setDragging(undefined)}
      >
        <div className={`cal-grid ${mode}`}>
          {weekdays.map((w) => (
            <div key={w} className="cal-weekday">
              {w}
            </div>
          ))}
          {days.map((day) => {
            const list = grouped.get(day) ?? [];
            const shown = mode === 'month' ? list.slice(0, MONTH_CHIPS) : list;
            return (
              <DayCell
                key={day}
                day={day}
                mode={mode}
                inMonth={mode === 'week' || dayjs(day).month() === month}
                onCreate={() => onCreate({ [dateField.key]: prefillFor(kind, day) })}
              >
                {shown.map((r) => (
                  <Chip key={r.id} record={r} title={title(r)} color={colorOf(r)} onOpen={onOpen} />
                ))}
                {list.length > shown.length && (
                  <Popover
                    trigger="click"
                    title={day}
                    content={
                      <div className="cal-more-list">
                        {list.map((r) => (
                          <Chip key={r.id} record={r} title={title(r)} color={colorOf(r)} onOpen={onOpen} />
                        ))}
                      </div>
                    }
                  >
                    <button type="button" className="cal-more" onClick={(e) => e.stopPropagation()}>
                      {t('calendar.more', { count: list.length - shown.length })}
                    </button>
                  </Popover>
                )}
              </DayCell>
            );
          })}
        </div>
        <DragOverlay>
          {draggingRecord ? (
            <div className="cal-chip ghost" style={{ borderLeftColor: colorOf(draggingRecord) }}>
              {title(draggingRecord)}
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </div>
  );
}
