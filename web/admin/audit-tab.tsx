import { Alert, Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditEntry, type AuditQuery, useAuditLog } from '../api/audit';
import { useDepartments, useRoles, useUsers } from '../api/directory';
import { errorMessage } from '../records/errors';
import { formatDateTime } from './format';
import { AUDIT_GROUPS, auditActionKey, knownAuditAction } from './audit-actions';

const colorOf = (action: string) =>
  action.endsWith('deleted') || action.endsWith('failed') || action === 'token.revoked'
    ? 'red'
    : action.endsWith('created')
      ? 'green'
      : action.startsWith('auth.')
        ? 'default'
        : action === 'record.sensitive_read' || action === 'export'
          ? 'orange'
          : 'blue';

/** 审计日志: who did what, when and from where; search, filter by action, user and time, details expandable. */
export default function AuditTab() {
  const { t } = useTranslation();
  const users = useUsers();
  const [q, setQ] = useState('');
  const [action, setAction] = useState<string | undefined>();
  const [userId, setUserId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query: AuditQuery = useMemo(
    () => ({
      q: q || undefined,
      action,
      userId,
      from: range?.[0]?.startOf('day').toISOString(),
      to: range?.[1]?.endOf('day').toISOString(),
    }),
    [q, action, userId, range],
  );
  const log = useAuditLog(query);
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const departments = useDepartments();
  const roles = useRoles();
  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  // Ids in the details read better with their names beside them.
  const names = useMemo(
    () =>
      new Map<string, string>([
        ...userName,
        ...(departments.data ?? []).map((d) => [d.id, d.name] as const),
        ...(roles.data ?? []).map((r) => [r.id, r.name] as const),
      ]),
    [userName, departments.data, roles.data],
  );
  const label = (a: string) => (knownAuditAction(a) ? t(auditActionKey(a)) : a);

  return (
    <div className="admin-tab">
      <div className="page-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('admin.audit.search')}
            style={{ width: 260 }}
            onSearch={(v) => setQ(v.trim())}
          />
          <Select
            allowClear
            placeholder={t('admin.audit.allActions')}
            style={{ width: 180 }}
            value={action}
            onChange={setAction}
            aria-label={t('admin.audit.action')}
            options={Object.entries(AUDIT_GROUPS).map(([group, list]) => ({
              label: t(`admin.audit.groups.${group}`),
              title: group,
              options: list.map((a) => ({ value: a, label: label(a) })),
            }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('admin.audit.user')}
            style={{ width: 180 }}
            value={userId}
            onChange={setUserId}
            aria-label={t('admin.audit.user')}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v)}
            allowEmpty={[true, true]}
            aria-label={t('admin.audit.range')}
          />
        </Space>
      </div>
      {log.error && (
        <Alert type="error" showIcon title={errorMessage(log.error, t)} style={{ marginBottom: 12 }} />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={log.isLoading || log.isPlaceholderData}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('admin.audit.empty') }}
        expandable={{
          rowExpandable: (r) => r.details !== null && r.details !== undefined,
          expandedRowRender: (r) => (
            <pre className="audit-details">
              {JSON.stringify(
                r.details,
                (_k, v: unknown) => (typeof v === 'string' && names.has(v) ? `${names.get(v)}（${v}）` : v),
                2,
              )}
            </pre>
          ),
        }}
        columns={[
          {
            title: t('admin.audit.time'),
            dataIndex: 'at',
            width: 180,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('admin.audit.user'),
            dataIndex: 'userId',
            width: 140,
            render: (v: string | null) =>
              v ? (
                (userName.get(v) ?? v)
              ) : (
                <Typography.Text type="secondary">{t('admin.audit.system')}</Typography.Text>
              ),
          },
          {
            title: t('admin.audit.action'),
            dataIndex: 'action',
            width: 150,
            render: (v: string) => <Tag color={colorOf(v)}>{label(v)}</Tag>,
          },
          {
            title: t('admin.audit.summary'),
            dataIndex: 'summary',
            ellipsis: true,
            render: (v: string | null, r) =>
              v ??
              (r.targetId ? (
                <Typography.Text type="secondary" className="mono">
                  {r.targetId}
                </Typography.Text>
              ) : (
                ''
              )),
          },
          {
            title: t('admin.audit.ip'),
            dataIndex: 'ip',
            width: 140,
            render: (v: string | null) => <Typography.Text type="secondary">{v ?? ''}</Typography.Text>,
          },
        ]}
      />
      <div className="load-more">
        {log.hasNextPage ? (
          <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('admin.audit.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t('admin.audit.allLoaded')}</Typography.Text>
        ) : null}
      </div>
    </div>
  );
}
