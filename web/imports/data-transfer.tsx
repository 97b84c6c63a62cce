import { DownloadOutlined, DownOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space, Tooltip } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl } from '../api/imports';

const ImportWizard = lazy(() => import('./import-wizard').then((m) => ({ default: m.ImportWizard })));

interface Props {
  formId: string;
  /** What the data page shows now: exported as is. */
  filter?: unknown;
  sort?: string;
  q?: string;
  fields?: string[];
  /** Whether the caller has the export right (GET /api/forms/:id/access); without it no 导出 button. */
  canExport: boolean;
}

/** The data page header's 导入 and 导出 buttons; the import wizard loads when first opened. */
export function DataTransferButtons({ formId, filter, sort, q, fields, canExport }: Props) {
  const { t } = useTranslation();
  const [importing, setImporting] = useState(false);
  const download = (format: 'csv' | 'xlsx') => {
    const a = document.createElement('a');
    a.href = exportUrl(formId, { format, filter, sort, q, fields });
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Space.Compact>
      <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
        {t('imports.import')}
      </Button>
      {canExport && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'csv', label: t('imports.exportCsv') },
              { key: 'xlsx', label: t('imports.exportXlsx') },
            ],
            onClick: ({ key }) => download(key as 'csv' | 'xlsx'),
          }}
        >
          <Tooltip title={t('imports.exportHint')}>
            <Button icon={<DownloadOutlined />}>
              {t('imports.export')} <DownOutlined />
            </Button>
          </Tooltip>
        </Dropdown>
      )}
      <Suspense fallback={null}>
        {importing && <ImportWizard formId={formId} onClose={() => setImporting(false)} />}
      </Suspense>
    </Space.Compact>
  );
}
