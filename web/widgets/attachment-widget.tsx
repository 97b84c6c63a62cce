import { PaperClipOutlined } from '@ant-design/icons';
import type { WidgetProps } from '@rjsf/utils';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface FileValue {
  id: string;
  name: string;
  url?: string;
}

/** Attachments: the files a record has, as links (uploading comes with the files API). */
export function AttachmentWidget({ value }: WidgetProps) {
  const { t } = useTranslation();
  const files: FileValue[] = Array.isArray(value) ? value : [];
  return (
    <Space orientation="vertical" size={2}>
      {files.map((f) => (
        <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {f.name}
        </a>
      ))}
      <Typography.Text type="secondary">{t('widgets.attachmentSoon')}</Typography.Text>
    </Space>
  );
}
