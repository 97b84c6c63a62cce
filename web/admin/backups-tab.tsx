import { CloudDownloadOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Backup, backupDownloadUrl, useBackups, useStartBackup } from '../api/backups';
import { errorMessage } from '../records/errors';
import { byteSize } from './byte-size';
import { formatDateTime } from './format';

const statusColor = { complete: 'green', running: 'processing', failed: 'red' } as const;

/** 备份: the backups with size, time and status, a 立即备份 button and download links (admins only). */
export default function BackupsTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const backups = useBackups();
  const start = useStartBackup();
  const running = backups.data?.items.some((b) => b.status === 'running') ?? false;

  return (
    <div className="admin-tab backups-tab">
      <div className="page-toolbar">
        <Typography.Text type="secondary">{t('admin.backups.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<CloudUploadOutlined />}
          loading={start.isPending || running}
          onClick={() =>
            start.mutate(undefined, {
              onSuccess: () => message.success(t('admin.backups.started')),
              onError: (e) => message.error(errorMessage(e, t)),
            })
          }
        >
          {t('admin.backups.backupNow')}
        </Button>
      </div>
      {backups.error && (
        <Alert type="error" showIcon title={errorMessage(backups.error, t)} style={{ marginBottom: 12 }} />
      )}
      <Table<Backup>
        rowKey="name"
        size="middle"
        loading={backups.isLoading}
        dataSource={backups.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('admin.backups.empty') }}
        columns={[
          {
            title: t('admin.backups.time'),
            dataIndex: 'createdAt',
            render: (v: string, b) => (
              <Tooltip title={b.name}>
                <span className="nowrap">{formatDateTime(v)}</span>
              </Tooltip>
            ),
          },
          {
            title: t('admin.backups.kind'),
            dataIndex: 'kind',
            responsive: ['md'],
            render: (v: Backup['kind']) => t(`admin.backups.kinds.${v}`),
          },
          {
            title: t('admin.backups.size'),
            dataIndex: 'size',
            render: (v: number | null) => (v === null ? '' : <span className="nowrap">{byteSize(v)}</span>),
          },
          {
            title: t('admin.backups.status'),
            dataIndex: 'status',
            render: (v: Backup['status'], b) => (
              <Tooltip title={b.error ?? undefined}>
                <Tag color={statusColor[v]}>{t(`admin.backups.statuses.${v}`)}</Tag>
              </Tooltip>
            ),
          },
          {
            title: t('admin.backups.contents'),
            key: 'contents',
            responsive: ['lg'],
            render: (_: unknown, b) =>
              b.manifest
                ? t('admin.backups.records', {
                    count: b.manifest.records,
                    forms: b.manifest.forms,
                    files: b.manifest.files,
                  })
                : '',
          },
          {
            title: '',
            key: 'download',
            align: 'right',
            render: (_: unknown, b) =>
              b.status === 'complete' ? (
                <a
                  href={backupDownloadUrl(b.name)}
                  download={b.name}
                  aria-label={`${t('admin.backups.download')} ${b.name}`}
                >
                  <CloudDownloadOutlined />{' '}
                  <span className="backup-download-label">{t('admin.backups.download')}</span>
                </a>
              ) : null,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('admin.backups.restoreHint')}
      </Typography.Paragraph>
    </div>
  );
}
