import {
  CheckCircleOutlined,
  EditOutlined,
  LockOutlined,
  PlusOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { App as AntApp, Badge, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth';
import { type DirectoryUser, useDepartments, useRoles, useUpdateUser, useUsers } from '../api/directory';
import { directoryProblem } from './server-problems';
import { ResetPasswordModal } from './reset-password-modal';
import { UserFormModal } from './user-form-modal';

type Status = 'all' | 'active' | 'inactive';

/** Whether a member matches the search box: name, e-mail or phone, ignoring case. */
export const userMatches = (u: DirectoryUser, q: string) =>
  !q || [u.name, u.email, u.phone ?? ''].some((s) => s.toLowerCase().includes(q.toLowerCase()));

/** 成员: the directory with search, invite, edit, deactivate/activate and password reset. */
export default function UsersTab() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const me = useMe();
  const users = useUsers();
  const departments = useDepartments();
  const roles = useRoles();
  const update = useUpdateUser();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const [editing, setEditing] = useState<DirectoryUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<DirectoryUser | null>(null);
  const depName = useMemo(
    () => new Map((departments.data ?? []).map((d) => [d.id, d.name])),
    [departments.data],
  );
  const roleName = useMemo(() => new Map((roles.data ?? []).map((r) => [r.id, r.name])), [roles.data]);
  const rows = (users.data ?? []).filter(
    (u) => userMatches(u, q.trim()) && (status === 'all' || (status === 'active') === (u.active !== false)),
  );

  const setActive = (u: DirectoryUser, active: boolean) => {
    const run = () =>
      update.mutateAsync({ id: u.id, active }).then(
        () =>
          message.success(t(active ? 'admin.users.activated' : 'admin.users.deactivated', { name: u.name })),
        (e) => message.error(directoryProblem(e, t).message),
      );
    if (active) return void run();
    modal.confirm({
      title: t('admin.users.deactivate'),
      content: t('admin.users.deactivateConfirm', { name: u.name }),
      okButtonProps: { danger: true },
      okText: t('admin.users.deactivate'),
      onOk: run,
    });
  };

  return (
    <div className="admin-tab">
      <div className="page-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('admin.users.search')}
            style={{ width: 280 }}
            onSearch={setQ}
            onChange={(e) => !e.target.value && setQ('')}
          />
          <Select<Status>
            value={status}
            onChange={setStatus}
            style={{ width: 128 }}
            options={[
              { value: 'all', label: t('admin.users.all') },
              { value: 'active', label: t('admin.users.active') },
              { value: 'inactive', label: t('admin.users.inactive') },
            ]}
          />
          <Typography.Text type="secondary">{t('admin.users.count', { count: rows.length })}</Typography.Text>
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.users.invite')}
        </Button>
      </div>
      <Table<DirectoryUser>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('admin.users.noUsers') }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('admin.users.name'),
            dataIndex: 'name',
            width: 180,
            render: (_v, u) => (
              <Space size={4}>
                <Typography.Text
                  strong={u.active !== false}
                  type={u.active === false ? 'secondary' : undefined}
                >
                  {u.name}
                </Typography.Text>
                {u.id === me.data?.id && <Tag>{t('admin.users.you')}</Tag>}
                {u.isAdmin && <Tag color="gold">{t('admin.users.admin')}</Tag>}
              </Space>
            ),
          },
          { title: t('admin.users.email'), dataIndex: 'email', width: 220, ellipsis: true },
          {
            title: t('admin.users.phone'),
            dataIndex: 'phone',
            width: 130,
            render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: t('admin.users.departments'),
            key: 'departments',
            render: (_v, u) => (
              <Space size={[0, 4]} wrap>
                {u.departmentIds.map((d) => (
                  <Tag
                    key={d}
                    color={d === u.mainDepartmentId ? 'blue' : undefined}
                    title={d === u.mainDepartmentId ? t('admin.users.mainDepartment') : undefined}
                  >
                    {depName.get(d) ?? d}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('admin.users.roles'),
            key: 'roles',
            render: (_v, u) => (
              <Space size={[0, 4]} wrap>
                {(u.roleIds ?? []).map((r) => (
                  <Tag key={r} color="purple">
                    {roleName.get(r) ?? r}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('admin.users.status'),
            key: 'status',
            width: 100,
            render: (_v, u) =>
              u.active === false ? (
                <Badge status="default" text={t('admin.users.inactive')} />
              ) : (
                <Badge status="success" text={t('admin.users.active')} />
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right',
            render: (_v, u) => (
              <Space size={0}>
                <Tooltip title={t('common.edit')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('common.edit')}
                    onClick={() => setEditing(u)}
                  />
                </Tooltip>
                <Tooltip title={t('admin.users.resetPassword')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<LockOutlined />}
                    aria-label={t('admin.users.resetPassword')}
                    onClick={() => setResetting(u)}
                  />
                </Tooltip>
                {u.active === false ? (
                  <Tooltip title={t('admin.users.activate')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<CheckCircleOutlined />}
                      aria-label={t('admin.users.activate')}
                      onClick={() => setActive(u, true)}
                    />
                  </Tooltip>
                ) : (
                  <Tooltip
                    title={
                      u.id === me.data?.id ? t('admin.users.notForYourself') : t('admin.users.deactivate')
                    }
                  >
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      aria-label={t('admin.users.deactivate')}
                      disabled={u.id === me.data?.id}
                      onClick={() => setActive(u, false)}
                    />
                  </Tooltip>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserFormModal
        open={editing !== null}
        user={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
