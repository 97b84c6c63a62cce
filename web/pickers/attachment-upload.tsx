import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readCookie } from '../api/client';

/** A stored attachment (what `POST /api/files` answers, and what an attachment field holds). */
export interface FileValue {
  id: string;
  name: string;
  size?: number;
  mimeType?: string;
  url?: string;
}

interface Props {
  id?: string;
  value?: FileValue[] | null;
  onChange: (value: FileValue[] | undefined) => void;
  maxFiles?: number;
  accept?: string[];
  disabled?: boolean;
}

const asUploadFile = (f: FileValue): UploadFile => ({
  uid: f.id,
  name: f.name,
  status: 'done',
  url: f.url ?? `/api/files/${f.id}`,
  size: f.size,
  type: f.mimeType,
  response: f,
});

/** Uploads to `/api/files` (with the CSRF header) showing progress; the field keeps the uploaded files as `[{id, name, …}]`. */
export function AttachmentUpload({ id, value, onChange, maxFiles = 20, accept, disabled }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [list, setList] = useState<UploadFile[]>(() => (value ?? []).map(asUploadFile));

  // The value changed from outside (a reload): show it, keeping uploads still running.
  useEffect(() => {
    setList((prev) => {
      const busy = prev.filter((f) => f.status === 'uploading');
      const done = (value ?? []).map(asUploadFile);
      return [...done, ...busy];
    });
  }, [value]);

  const done = (files: UploadFile[]) =>
    files
      .filter((f) => f.status === 'done' && f.response)
      .map((f) => {
        const r = f.response as FileValue;
        return { id: r.id, name: r.name, size: r.size, mimeType: r.mimeType, url: r.url };
      });

  return (
    <Upload
      id={id}
      action="/api/files"
      name="file"
      headers={{ 'x-csrf-token': readCookie('tessera_csrf') ?? '' }}
      withCredentials
      multiple={maxFiles > 1}
      maxCount={maxFiles}
      accept={accept?.join(',')}
      disabled={disabled}
      fileList={list}
      onChange={({ file, fileList }) => {
        setList(fileList);
        if (file.status === 'error') {
          const body = file.response as { error?: { message?: string } } | undefined;
          message.error(
            t('pickers.uploadFailed', {
              name: file.name,
              reason: body?.error?.message ?? file.error?.message ?? '',
            }),
          );
        }
        if (file.status === 'done' || file.status === 'removed') {
          const files = done(fileList);
          onChange(files.length ? files : undefined);
        }
      }}
    >
      {!disabled && list.length < maxFiles && (
        <Button icon={<UploadOutlined />}>{t('pickers.upload')}</Button>
      )}
    </Upload>
  );
}
