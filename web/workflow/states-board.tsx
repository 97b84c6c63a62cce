import {
  ClockCircleOutlined,
  FlagOutlined,
  HolderOutlined,
  LockOutlined,
  PlusOutlined,
} from '@ant-design/icons';
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
  horizontalListSortingStrategy,
  sortableKeyboardCoordinates,
  useSortable,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Draft, type Issue, type State, fromKeys, issuesUnder, moveState } from './model';
import { stateLabel } from './describe';

interface Props {
  draft: Draft;
  onReorder: (states: State[]) => void;
  onEdit: (key: string) => void;
  onAdd: () => void;
  issues: Issue[];
}

/** The states as columns in order: drag a column's handle to reorder, click one to edit it. */
export function StatesBoard({ draft, onReorder, onEdit, onAdd, issues }: Props) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = (e: DragEndEvent) => {
    if (e.over && e.active.id !== e.over.id)
      onReorder(moveState(draft.states, String(e.active.id), String(e.over.id)));
  };
  return (
    <div className="wf-board">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={draft.states.map((s) => s.key)} strategy={horizontalListSortingStrategy}>
          {draft.states.map((s, i) => (
            <StateColumn
              key={s.key}
              draft={draft}
              state={s}
              onEdit={() => onEdit(s.key)}
              problems={issuesUnder(issues, `/states/${i}`)}
            />
          ))}
        </SortableContext>
      </DndContext>
      <button type="button" className="wf-add-state" onClick={onAdd}>
        <PlusOutlined /> {t('workflow.addState')}
      </button>
    </div>
  );
}

function StateColumn({
  draft,
  state,
  onEdit,
  problems,
}: {
  draft: Draft;
  state: State;
  onEdit: () => void;
  problems: Issue[];
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: state.key });
  const all = draft.states.map((s) => s.key);
  const out = draft.transitions.filter((tr) => fromKeys(tr, all).includes(state.key) && tr.to !== state.key);
  const sla = draft.sla.filter((s) => s.state === state.key);
  const initial = draft.initial === state.key;
  const warn = problems.length > 0;
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`wf-state wf-color-${state.color ?? 'default'}${isDragging ? ' dragging' : ''}${warn ? ' has-warning' : ''}`}
      data-state={state.key}
    >
      <div className="wf-state-head">
        <button
          type="button"
          className="wf-handle"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={t('workflow.dragState')}
        >
          <HolderOutlined />
        </button>
        <button type="button" className="wf-state-title" onClick={onEdit} title={t('workflow.editState')}>
          {state.label || <Typography.Text type="secondary">—</Typography.Text>}
        </button>
        {initial && (
          <Tooltip title={t('workflow.recordsStart')}>
            <Tag color="blue" icon={<FlagOutlined />} className="wf-initial">
              {t('workflow.initial')}
            </Tag>
          </Tooltip>
        )}
      </div>
      <div className="wf-state-body" onClick={onEdit} role="button" tabIndex={-1}>
        <div className="wf-state-meta">
          <Tag className={`wf-cat wf-cat-${state.category}`}>
            {t(`workflow.categories.${state.category}`)}
          </Tag>
          <Typography.Text type="secondary" className="mono wf-key">
            {state.key}
          </Typography.Text>
        </div>
        <div className="wf-state-section">{t('workflow.outgoing')}</div>
        {out.length ? (
          <div className="wf-out">
            {out.map((tr, i) => (
              <span key={i} className="wf-out-item">
                → {stateLabel(draft, tr.to, t)}
                {tr.label ? <Typography.Text type="secondary">（{tr.label}）</Typography.Text> : null}
              </span>
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary" className="wf-none">
            {t('workflow.noOutgoing')}
          </Typography.Text>
        )}
        {sla.map((s, i) => (
          <div key={i} className="wf-chip">
            <ClockCircleOutlined /> {t('workflow.slaSummary', { hours: s.hours })}
          </div>
        ))}
        {!!state.readonlyFields?.length && (
          <div className="wf-chip">
            <LockOutlined /> {t('workflow.readonlyFields')}：{state.readonlyFields.length}
          </div>
        )}
        {problems.map((p, i) => (
          <div key={i} className="wf-state-problem">
            {t(`workflow.issue.${p.code}`, { name: p.name ?? '' })}
          </div>
        ))}
      </div>
    </div>
  );
}
