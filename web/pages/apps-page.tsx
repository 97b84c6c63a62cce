import {
  AppstoreOutlined,
  DeleteOutlined,
  EditOutlined,
  FileTextOutlined,
  FormOutlined,
  MoreOutlined,
  PlusOutlined,
  ShopOutlined,
  TableOutlined,
} from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Dropdown,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Skeleton,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApps, useCreateApp, useCreateForm, useDeleteApp, useFormsByApp, useUpdateApp } from '../api/apps';
import { ApiError } from '../api/client';
import type { App } from '../api/types';
import { FIELD_KEY_RE } from '../builder/fields';
import { errorMessage } from '../records/errors';

type Dialog =
  { kind: 'createApp' } | { kind: 'renameApp'; app: App } | { kind: 'createForm'; app: App } | null;

/** `/`: the apps, their forms, and creating, renaming and deleting them. */
export default function AppsPage() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim().toLowerCase();
  const apps = useApps();
  const formsByApp = useFormsByApp(apps.data);
  const createApp = useCreateApp();
  const updateApp = useUpdateApp();
  const deleteApp = useDeleteApp();
  const createForm = useCreateForm();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();

  const visible = (apps.data ?? [])
    .map((app) => {
      const forms = formsByApp.get(app.id) ?? [];
      if (!q || app.name.toLowerCase().includes(q)) return { app, forms };
      const matching = forms.filter((f) => f.name.toLowerCase().includes(q));
      return matching.length ? { app, forms: matching } : null;
    })
    .filter((x) => x !== null);

  const open = (d: Dialog) => {
    form.resetFields();
    if (d?.kind === 'renameApp')
      form.setFieldsValue({ name: d.app.name, description: d.app.description ?? '' });
    setDialog(d);
  };

  const submit = async () => {
    const values = await form.validateFields();
    const done = (text: string) => () => {
      message.success(text);
      setDialog(null);
    };
    const fail = (e: unknown) => {
      // A 422 naming `/key` or `/name` shows on that input; anything else as a message.
      const details =
        e instanceof ApiError ? e.details.filter((d) => d.path === '/key' || d.path === '/name') : [];
      if (details.length)
        form.setFields(details.map((d) => ({ name: d.path.slice(1), errors: [d.message] })));
      else message.error(errorMessage(e, t));
    };
    if (dialog?.kind === 'createApp')
      createApp.mutate(values, { onSuccess: done(t('common.created')), onError: fail });
    if (dialog?.kind === 'renameApp')
      updateApp.mutate(
        { id: dialog.app.id, ...values },
        { onSuccess: done(t('common.saved')), onError: fail },
      );
    if (dialog?.kind === 'createForm')
      createForm.mutate(
        { appId: dialog.app.id, key: values.key, name: values.name, fields: [] },
        {
          onSuccess: (f) => {
            setDialog(null);
            navigate(`/forms/${f.id}/builder`);
          },
          onError: fail,
        },
      );
  };

  const confirmDelete = (app: App) =>
    modal.confirm({
      title: t('apps.deleteApp'),
      content: t('apps.deleteConfirm', { name: app.name }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () =>
        deleteApp.mutateAsync(app.id).then(
          () => message.success(t('common.deleted')),
          (e) => message.error(errorMessage(e, t)),
        ),
    });

  return (
    <div className="page">
      <div className="page-heading">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('apps.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('apps.subtitle')}</Typography.Text>
        </div>
        <Space>
          <Link to="/templates">
            <Button icon={<ShopOutlined />}>{t('templates.fromTemplate')}</Button>
          </Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'createApp' })}>
            {t('apps.newApp')}
          </Button>
        </Space>
      </div>

      {apps.isLoading ? (
        <Skeleton active />
      ) : !apps.data?.length ? (
        <Empty
          className="page-empty"
          description={
            <>
              <div>{t('apps.empty')}</div>
              <Typography.Text type="secondary">{t('apps.emptyHint')}</Typography.Text>
            </>
          }
        >
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'createApp' })}>
            {t('apps.newApp')}
          </Button>
        </Empty>
      ) : !visible.length ? (
        <Empty description={t('apps.noMatch', { q })} />
      ) : (
        <Row gutter={[16, 16]}>
          {visible.map(({ app, forms }) => (
            <Col key={app.id} xs={24} md={12} xl={8} xxl={6}>
              <Card
                className="app-card"
                title={
                  <Space>
                    <span className="app-icon">
                      <AppstoreOutlined />
                    </span>
                    {app.name}
                  </Space>
                }
                extra={
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'rename', icon: <EditOutlined />, label: t('common.rename') },
                        { key: 'delete', icon: <DeleteOutlined />, label: t('common.delete'), danger: true },
                      ],
                      onClick: ({ key }) =>
                        key === 'rename' ? open({ kind: 'renameApp', app }) : confirmDelete(app),
                    }}
                  >
                    <Button type="text" icon={<MoreOutlined />} aria-label={t('common.actions')} />
                  </Dropdown>
                }
                actions={[
                  <Button
                    key="new"
                    type="link"
                    icon={<PlusOutlined />}
                    onClick={() => open({ kind: 'createForm', app })}
                  >
                    {t('apps.newForm')}
                  </Button>,
                ]}
              >
                {app.description && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
                    {app.description}
                  </Typography.Paragraph>
                )}
                {forms.length === 0 ? (
                  <Typography.Text type="secondary">{t('shell.noForms')}</Typography.Text>
                ) : (
                  <ul className="form-list">
                    {forms.map((f) => (
                      <li key={f.id}>
                        <Link to={`/forms/${f.id}`} className="form-link">
                          <FileTextOutlined /> {f.name}
                        </Link>
                        <Space size={12} className="form-list-actions">
                          <Tooltip title={t('apps.openData')}>
                            <Link to={`/forms/${f.id}`}>
                              <TableOutlined />
                            </Link>
                          </Tooltip>
                          <Tooltip title={t('apps.openBuilder')}>
                            <Link to={`/forms/${f.id}/builder`}>
                              <FormOutlined />
                            </Link>
                          </Tooltip>
                        </Space>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </Col>
          ))}
        </Row>
      )}

      <Modal
        open={!!dialog}
        title={
          dialog?.kind === 'createForm'
            ? t('apps.newForm')
            : dialog?.kind === 'renameApp'
              ? t('apps.renameApp')
              : t('apps.newApp')
        }
        onCancel={() => setDialog(null)}
        onOk={submit}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={createApp.isPending || updateApp.isPending || createForm.isPending}
        forceRender
      >
        <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
          {dialog?.kind === 'createForm' ? (
            <>
              <Form.Item
                name="name"
                label={t('apps.formName')}
                rules={[{ required: true, whitespace: true, message: t('common.required') }]}
              >
                <Input placeholder={t('apps.formNamePlaceholder')} autoFocus />
              </Form.Item>
              <Form.Item
                name="key"
                label={t('apps.formKey')}
                extra={t('apps.formKeyHelp')}
                rules={[
                  { required: true, message: t('common.required') },
                  { pattern: FIELD_KEY_RE, message: t('apps.formKeyInvalid') },
                ]}
              >
                <Input placeholder="customers" />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item
                name="name"
                label={t('apps.appName')}
                rules={[{ required: true, whitespace: true, message: t('common.required') }]}
              >
                <Input placeholder={t('apps.appNamePlaceholder')} autoFocus />
              </Form.Item>
              <Form.Item name="description" label={t('common.description')}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </div>
  );
}
