import {
  AppstoreOutlined,
  CalendarOutlined,
  DeleteOutlined,
  DownOutlined,
  SaveOutlined,
  TableOutlined,
} from '@ant-design/icons';
import { Badge, Button, Dropdown, Segmented, Space, Tabs } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SavedView, type ViewType, useDeleteView, useUpdateView } from '../api/views';
import { AntApp } from '../layout/feedback-provider';
import { useOpenedOnce } from '../lazy/use-opened-once';
import { errorMessage } from '../records/errors';
import { type ViewConfig, patchBody } from './view-config';

// The save-as dialog (and Ant Design's Form with it) loads when first opened.
const SaveViewModal = lazy(() => import('./save-view-modal').then((m) => ({ default: m.SaveViewModal })));

export type DataViewType = Extract<ViewType, 'grid' | 'kanban' | 'calendar'>;

interface Props {
  formId: string;
  type: DataViewType;
  onType: (type: DataViewType) => void;
  views: SavedView[];
  current: SavedView | undefined;
  onView: (id: string | undefined) => void;
  config: ViewConfig;
  dirty: boolean;
  /** The form's field keys, in order (a saved view lists them when it shows them all). */
  formKeys: string[];
}

/** 表格 / 看板 / 日历, then 全部 and the saved views of that kind; 保存视图 / 另存为 / 删除. */
export function ViewBar({ formId, type, onType, views, current, onView, config, dirty, formKeys }: Props) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const update = useUpdateView(formId);
  const remove = useDeleteView(formId);
  const [saveAs, setSaveAs] = useState(false);
  const saveAsOpened = useOpenedOnce(saveAs);
  const openSaveAs = () => setSaveAs(true);

  const save = () =>
    current &&
    update.mutate(
      { id: current.id, ...patchBody(config, formKeys) },
      {
        onSuccess: () => message.success(t('views.saved')),
        onError: (e) => message.error(errorMessage(e, t)),
      },
    );

  const confirmDelete = () =>
    current &&
    modal.confirm({
      title: t('views.delete'),
      content: t('views.deleteConfirm', { name: current.name }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(current.id).then(
          () => {
            message.success(t('views.deleted'));
            onView(undefined);
          },
          (e) => message.error(errorMessage(e, t)),
        ),
    });

  return (
    <div className="view-bar">
      <Segmented
        value={type}
        onChange={(v) => onType(v as DataViewType)}
        options={[
          { value: 'grid', label: t('views.grid'), icon: <TableOutlined /> },
          { value: 'kanban', label: t('views.kanban'), icon: <AppstoreOutlined /> },
          { value: 'calendar', label: t('views.calendar'), icon: <CalendarOutlined /> },
        ]}
      />
      <Tabs
        className="view-tabs"
        size="small"
        activeKey={current?.id ?? 'all'}
        onChange={(k) => onView(k === 'all' ? undefined : k)}
        items={[{ key: 'all', label: t('views.all') }, ...views.map((v) => ({ key: v.id, label: v.name }))]}
      />
      <Space size={6} className="view-actions">
        {dirty && <Badge status="warning" text={t('views.unsaved')} />}
        {current ? (
          <Dropdown.Button
            size="small"
            type={dirty ? 'primary' : 'default'}
            icon={<DownOutlined />}
            loading={update.isPending}
            disabled={!dirty}
            onClick={save}
            menu={{
              items: [
                { key: 'saveAs', icon: <SaveOutlined />, label: t('views.saveAs') },
                { key: 'delete', icon: <DeleteOutlined />, label: t('views.delete'), danger: true },
              ],
              onClick: ({ key }) => (key === 'delete' ? confirmDelete() : openSaveAs()),
            }}
          >
            <SaveOutlined /> {t('views.save')}
          </Dropdown.Button>
        ) : (
          <Button
            size="small"
            type={dirty ? 'primary' : 'default'}
            icon={<SaveOutlined />}
            onClick={openSaveAs}
          >
            {t('views.saveAs')}
          </Button>
        )}
      </Space>
      {saveAsOpened && (
        <Suspense fallback={null}>
          <SaveViewModal
            formId={formId}
            type={type}
            config={config}
            open={saveAs}
            onClose={() => setSaveAs(false)}
            onCreated={onView}
          />
        </Suspense>
      )}
    </div>
  );
}
