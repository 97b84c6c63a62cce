import { DeleteOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Form, Input, List, Modal, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApps, useFormsByApp } from '../api/apps';
import {
  type Grant,
  type Role,
  useCreateRole,
  useDeleteRole,
  useDepartments,
  useRoles,
  useUpdateRole,
  useUsers,
} from '../api/directory';
import { GrantCard } from './grant-card';
import { type GrantDraft, draftToGrant, emptyDraft, grantToDraft } from './grants';
import { directoryProblem } from './server-problems';

/** 角色与权限: the roles, and the selected one's name, description and grants. */
export default function RolesTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const roles = useRoles();
  const users = useUsers();
  const departments = useDepartments();
  const create = useCreateRole();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const [addForm] = Form.useForm<{ name: string; description?: string }>();
  const list = roles.data ?? [];
  const selected = list.find((r) => r.id === selectedId);
  const usage = (r: Role) => ({
    users: (users.data ?? []).filter((u) => u.roleIds?.includes(r.id)).length,
    departments: (departments.data ?? []).filter((d) => d.roleIds.includes(r.id)).length,
  });

  const submitAdd = async () => {
    const v = await addForm.validateFields();
    create.mutate(
      { name: v.name.trim(), description: v.description?.trim() || null, grants: [] },
      {
        onSuccess: (r) => {
          message.success(t('admin.roles.created', { name: r.name }));
          setAdding(false);
          setSelectedId(r.id);
        },
        onError: (e) => message.error(directoryProblem(e, t).message),
      },
    );
  };

  return (
    <div className="admin-split">
      <Card
        className="admin-split-list"
        size="small"
        title={
          <Space>
            <SafetyCertificateOutlined />
            {t('admin.tabs.roles')}
          </Space>
        }
        extra={
          <Button
            type="primary"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => {
              addForm.resetFields();
              setAdding(true);
            }}
          >
            {t('admin.roles.add')}
          </Button>
        }
      >
        {roles.isLoading ? (
          <div className="full-center">
            <Spin />
          </div>
        ) : list.length ? (
          <List
            dataSource={list}
            renderItem={(r) => {
              const u = usage(r);
              return (
                <List.Item
                  className={`role-item${r.id === selectedId ? ' selected' : ''}`}
                  onClick={() => setSelectedId(r.id)}
                >
                  <div>
                    <div className="role-name">{r.name}</div>
                    <Typography.Text type="secondary" className="role-meta">
                      {t('admin.roles.users', { count: u.users })} ·{' '}
                      {t('admin.roles.departmentsUsing', { count: u.departments })}
                    </Typography.Text>
                  </div>
                </List.Item>
              );
            }}
          />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('admin.roles.empty')}</div>
                <Typography.Text type="secondary">{t('admin.roles.emptyHint')}</Typography.Text>
              </>
            }
          />
        )}
      </Card>
      <div className="admin-split-detail">
        {selected ? (
          <RoleEditor
            key={`${selected.id}:${selected.updatedAt}`}
            role={selected}
            onDeleted={() => setSelectedId(undefined)}
          />
        ) : (
          <Card className="admin-placeholder">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.roles.selectHint')} />
          </Card>
        )}
      </div>
      <Modal
        open={adding}
        title={t('admin.roles.add')}
        onOk={submitAdd}
        onCancel={() => setAdding(false)}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={addForm} name="newRole" layout="vertical">
          <Form.Item
            name="name"
            label={t('admin.roles.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} autoFocus />
          </Form.Item>
          <Form.Item name="description" label={t('admin.roles.description')}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** What is wrong with a draft before it can be saved, if anything. */
function draftProblem(
  d: GrantDraft,
  t: (k: string, o?: Record<string, unknown>) => string,
): string | undefined {
  if (!d.actions.length) return t('admin.roles.needAction');
  if (d.target.kind === 'app' && !d.target.appId) return t('admin.roles.pickApp');
  if (d.target.kind === 'form' && !d.target.formId) return t('admin.roles.pickForm');
  const out = draftToGrant(d);
  if ('error' in out)
    return out.error === 'json'
      ? t('admin.condition.jsonInvalid')
      : t('admin.condition.shapeInvalid', { path: out.path || '/' });
  return undefined;
}

/** A role's name, description and grants, saved together. */
function RoleEditor({ role, onDeleted }: { role: Role; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const apps = useApps();
  const formsByApp = useFormsByApp(apps.data);
  const update = useUpdateRole();
  const remove = useDeleteRole();
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description ?? '');
  const [drafts, setDrafts] = useState<GrantDraft[]>(() => role.grants.map(grantToDraft));
  const [showProblems, setShowProblems] = useState(false);
  const problems = drafts.map((d) => draftProblem(d, t));
  const built = useMemo(() => drafts.map((d) => draftToGrant(d)), [drafts]);
  const dirty =
    name !== role.name ||
    description !== (role.description ?? '') ||
    JSON.stringify(built.map((b) => ('grant' in b ? b.grant : b))) !==
      JSON.stringify(
        role.grants.map((g) => {
          const b = draftToGrant(grantToDraft(g));
          return 'grant' in b ? b.grant : g;
        }),
      );

  const save = () => {
    if (problems.some(Boolean) || !name.trim()) {
      setShowProblems(true);
      const i = problems.findIndex(Boolean);
      return void message.error(
        i >= 0 ? t('admin.roles.fixGrant', { n: i + 1, problem: problems[i] }) : t('common.required'),
      );
    }
    const grants = built.map((b) => (b as { grant: Grant }).grant);
    update.mutate(
      { id: role.id, name: name.trim(), description: description.trim() || null, grants },
      {
        onSuccess: () => message.success(t('admin.roles.saved')),
        onError: (e) => message.error(directoryProblem(e, t).message),
      },
    );
  };

  return (
    <Card
      title={
        <Space>
          {role.name}
          {dirty && (
            <Typography.Text type="warning" className="role-unsaved">
              {t('admin.roles.unsaved')}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Space>
          <Button
            danger
            icon={<DeleteOutlined />}
            onClick={() =>
              modal.confirm({
                title: t('common.delete'),
                content: t('admin.roles.deleteConfirm', { name: role.name }),
                okButtonProps: { danger: true },
                okText: t('common.delete'),
                onOk: () =>
                  remove.mutateAsync(role.id).then(
                    () => {
                      message.success(t('common.deleted'));
                      onDeleted();
                    },
                    (e) => message.error(directoryProblem(e, t).message),
                  ),
              })
            }
          >
            {t('common.delete')}
          </Button>
          <Button type="primary" onClick={save} loading={update.isPending} disabled={!dirty}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical" className="admin-form" style={{ maxWidth: 640 }}>
        <Form.Item
          label={t('admin.roles.name')}
          required
          validateStatus={showProblems && !name.trim() ? 'error' : undefined}
        >
          <Input
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            aria-label={t('admin.roles.name')}
          />
        </Form.Item>
        <Form.Item label={t('admin.roles.description')}>
          <Input.TextArea
            value={description}
            maxLength={1000}
            autoSize={{ minRows: 1, maxRows: 4 }}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Form.Item>
      </Form>
      <div className="grants-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('admin.roles.grants')}
        </Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => setDrafts([...drafts, emptyDraft()])}>
          {t('admin.roles.addGrant')}
        </Button>
      </div>
      {!drafts.length && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.roles.noGrants')} />
      )}
      {drafts.map((d, i) => (
        <GrantCard
          key={i}
          index={i}
          draft={d}
          apps={apps.data ?? []}
          formsByApp={formsByApp}
          problem={showProblems ? problems[i] : undefined}
          onChange={(next) => setDrafts(drafts.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setDrafts(drafts.filter((_x, j) => j !== i))}
        />
      ))}
    </Card>
  );
}
