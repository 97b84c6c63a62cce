import { AppstoreOutlined, CalendarOutlined, DeleteOutlined, DownOutlined, SaveOutlined, TableOutlined } from '@ant-design/icons';
import { App as AntApp, Badge, Button, Checkbox, Dropdown, Form, Input, Modal, Segmented, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SavedView, type ViewType, useCreateView, useDeleteView, useUpdateView } from '../api/views';
import { errorMessage } from '../records/errors';
import { type ViewConfig, patchBody, viewBody } from './view-config';

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
  const create = useCreateView(formId);
  const update = useUpdateView(formId);
  const remove = useDeleteView(formId);
  const [saveAs, setSaveAs] = useState(false);
  const [form] = Form.useForm<{ name: string; shared: boolean }>();

  const save = () =>
    current &&
    update.mutate(
      { id: current.id, ...patchBody(config, formKeys) },
      { onSuccess: () => message.success(t('views.saved')), onError: (e) => message.error(errorMessage(e, t)) },
    );

  const submitSaveAs = async () => {
    const v = await form.validateFields();
    create.mutate(viewBody(v.name.trim(), type, config, v.shared), {
      onSuccess: (created) => {
        message.success(t('views.created'));
        setSaveAs(false);
        onView(created.id);
      },
      onError: (e) => message.error(errorMessage(e, t)),
    });
  };

  const confirmDelete = () =>
    current &&
    modal.confirm({
      title: t('views.delete'),
      content: t('views.deleteConfirm', { name: current.name }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(current.id).then(() => { message.success(t('views.deleted')); onView(undefined); }, (e) => message.error(errorMessage(e, t))),
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
              onClick: ({ key }) => (key === 'delete' ? confirmDelete() : (form.resetFields(), setSaveAs(true))),
            }}
          >
            <SaveOutlined /> {t('views.save')}
          </Dropdown.Button>
        ) : (
          <Button size="small" type={dirty ? 'primary' : 'default'} icon={<SaveOutlined />} onClick={() => { form.resetFields(); setSaveAs(true); }}>
            {t('views.saveAs')}
          </Button>
        )}
      </Space>
      <Modal open={saveAs} title={t('views.saveAsTitle')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} onOk={submitSaveAs} onCancel={() => setSaveAs(false)} forceRender>
        <Form form={form} layout="vertical" initialValues={{ shared: true }} style={{ marginTop: 12 }}>
          <Form.Item name="name" label={t('views.viewName')} rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }, { max: 100 }]}>
            <Input placeholder={t('views.viewNamePlaceholder')} autoFocus onPressEnter={() => void submitSaveAs()} />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t('views.shared')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
