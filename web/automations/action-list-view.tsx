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
import {
  ApiOutlined,
  BranchesOutlined,
  ClockCircleOutlined,
  DeleteOutlined,
  DownOutlined,
  EditOutlined,
  FileAddOutlined,
  HolderOutlined,
  NotificationOutlined,
  PlusOutlined,
  RightOutlined,
  SwapOutlined,
  SyncOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Empty, Tooltip, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '../api/automations';
import type { FieldDef, FormSummary } from '../api/types';
import { ActionEditor } from './action-editor';
import {
  type ListPath,
  actionId,
  addAction,
  listAt,
  moveAction,
  removeAction,
  replaceAction,
} from './action-list';
import { ACTION_TYPES, type ActionType, actionSummary, newAction } from './draft';

export const ACTION_ICONS: Record<ActionType, ReactNode> = {
  createRecord: <FileAddOutlined />,
  updateRecord: <EditOutlined />,
  upsert: <SyncOutlined />,
  setState: <SwapOutlined />,
  assign: <UserSwitchOutlined />,
  notify: <NotificationOutlined />,
  webhook: <ApiOutlined />,
  wait: <ClockCircleOutlined />,
  branch: <BranchesOutlined />,
};

interface Props {
  actions: Action[];
  onChange: (actions: Action[]) => void;
  forms: FormSummary[];
  triggerFormId: string | undefined;
  triggerFields: readonly FieldDef[];
}

/** The "then" part: action cards reordered by dragging their handle, nested lists inside branches. */
export function ActionListView(props: Props) {
  return <ActionsAt {...props} path={[]} />;
}

function ActionsAt({ path, ...props }: Props & { path: ListPath }) {
  const { t } = useTranslation();
  const list = listAt(props.actions, path);
  const [open, setOpen] = useState<number | null>(list.length ? null : null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = list.map((_, i) => actionId(path, i));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    props.onChange(moveAction(props.actions, path, from, to));
    setOpen(open === from ? to : open);
  };
  const add = (type: ActionType) => {
    props.onChange(addAction(props.actions, path, newAction(type, props.triggerFormId)));
    setOpen(list.length);
  };
  return (
    <div className="action-list" data-path={path.join('.')}>
      {!list.length && path.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automations.noActions')} />
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          {list.map((action, i) => (
            <SortableAction
              key={ids[i]}
              id={ids[i]}
              n={i + 1}
              action={action}
              open={open === i}
              onToggle={() => setOpen(open === i ? null : i)}
              onRemove={() => {
                props.onChange(removeAction(props.actions, path, i));
                setOpen(null);
              }}
              summary={actionSummary(action, props.forms, t)}
            >
              <ActionEditor
                action={action}
                onChange={(a) => props.onChange(replaceAction(props.actions, path, i, a))}
                forms={props.forms}
                triggerFormId={props.triggerFormId}
                triggerFields={props.triggerFields}
                path={path}
                index={i}
                renderList={(p) => <ActionsAt {...props} path={p} />}
              />
            </SortableAction>
          ))}
        </SortableContext>
      </DndContext>
      {path.length === 0 ? (
        <div className="action-palette">
          <Typography.Text type="secondary" className="action-palette-title">
            {t('automations.palette')}
          </Typography.Text>
          <div className="action-palette-items">
            {ACTION_TYPES.map((type) => (
              <Button
                key={type}
                icon={ACTION_ICONS[type]}
                onClick={() => add(type)}
                data-testid={`add-action-${type}`}
              >
                {t(`automations.actionType.${type}`)}
              </Button>
            ))}
          </div>
        </div>
      ) : (
        <Dropdown
          trigger={['click']}
          menu={{
            items: ACTION_TYPES.filter((x) => x !== 'branch').map((type) => ({
              key: type,
              icon: ACTION_ICONS[type],
              label: t(`automations.actionType.${type}`),
            })),
            onClick: ({ key }) => add(key as ActionType),
          }}
        >
          <Button size="small" type="dashed" icon={<PlusOutlined />}>
            {t('automations.palette')}
          </Button>
        </Dropdown>
      )}
    </div>
  );
}

interface CardProps {
  id: string;
  n: number;
  action: Action;
  open: boolean;
  summary: string;
  onToggle: () => void;
  onRemove: () => void;
  children: ReactNode;
}

function SortableAction({ id, n, action, open, summary, onToggle, onRemove, children }: CardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id });
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`action-card${isDragging ? ' dragging' : ''}${open ? ' open' : ''}`}
      data-testid="action-card"
    >
      <div className="action-card-head">
        <Tooltip title={t('automations.action.move')}>
          <span
            ref={setActivatorNodeRef}
            className="drag-handle"
            {...attributes}
            {...listeners}
            aria-label={t('automations.action.move')}
          >
            <HolderOutlined />
          </span>
        </Tooltip>
        <span className="action-step">{n}</span>
        <span className="action-icon">{ACTION_ICONS[action.type]}</span>
        <button type="button" className="action-card-title" onClick={onToggle}>
          <Typography.Text strong>{t(`automations.actionType.${action.type}`)}</Typography.Text>
          <Typography.Text type="secondary" ellipsis className="action-summary">
            {summary}
          </Typography.Text>
        </button>
        <Button
          type="text"
          size="small"
          icon={open ? <DownOutlined /> : <RightOutlined />}
          onClick={onToggle}
          aria-label={open ? t('automations.action.collapse') : t('automations.action.expand')}
        />
        <Button
          type="text"
          size="small"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('automations.action.remove')}
        />
      </div>
      {open && <div className="action-card-body">{children}</div>}
    </div>
  );
}
