import { DisconnectOutlined, ExportOutlined, LinkOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Empty, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useForm } from '../api/forms';
import { patchRecord } from '../api/record-pages';
import type { DataRecord, FieldDef } from '../api/types';
import { useRecordTitles } from '../pickers/record-titles';
import { RelationPicker } from '../pickers/relation-picker';
import { replaceRecordInCaches } from '../views/shared/record-cache';
import { errorMessage } from './errors';

interface Props {
  formId: string;
  record: DataRecord;
  relations: FieldDef[];
  onOpen: (formId: string, recordId: string) => void;
}

function RelationSection({
  formId,
  record,
  field,
  onOpen,
}: {
  formId: string;
  record: DataRecord;
  field: FieldDef;
  onOpen: Props['onOpen'];
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const target = useForm(field.formId);
  const raw = record.fields[field.key];
  const ids = Array.isArray(raw) ? raw.map(String) : [];
  const titles = useRecordTitles(field.formId, ids, t('pickers.removed'));
  const [linking, setLinking] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const save = async (next: string[], done: string) => {
    setBusy(true);
    try {
      const saved = await patchRecord(formId, record.id, { [field.key]: next }, record.version);
      replaceRecordInCaches(qc, formId, saved);
      // The other side's reverse field changed too.
      if (field.formId) void qc.invalidateQueries({ queryKey: ['records', field.formId] });
      message.success(done);
      return true;
    } catch (e) {
      message.error(e instanceof ApiError && e.status === 409 ? t('views.conflict') : errorMessage(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="related-section">
      <div className="related-head">
        <Typography.Text strong>{field.label}</Typography.Text>
        {field.reverseOf && <Typography.Text type="secondary">{t('detail.reverse')}</Typography.Text>}
        <Typography.Text type="secondary" className="related-count">
          {t('detail.linked', { count: ids.length })}
        </Typography.Text>
        <Button
          size="small"
          type="link"
          icon={<LinkOutlined />}
          onClick={() => {
            setPicked([]);
            setLinking(true);
          }}
        >
          {t('detail.link')}
        </Button>
      </div>
      {ids.length === 0 ? (
        <Typography.Text type="secondary" className="related-empty">
          {t('detail.noLinked')}
        </Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={ids}
          renderItem={(id) => (
            <List.Item
              actions={[
                <Button
                  key="open"
                  size="small"
                  type="link"
                  icon={<ExportOutlined />}
                  onClick={() => field.formId && onOpen(field.formId, id)}
                >
                  {t('detail.open')}
                </Button>,
                <Popconfirm
                  key="unlink"
                  title={t('detail.unlinkConfirm', { title: titles.get(id) ?? id })}
                  okText={t('detail.unlink')}
                  cancelText={t('common.cancel')}
                  onConfirm={() =>
                    save(
                      ids.filter((x) => x !== id),
                      t('detail.unlinkedOk'),
                    )
                  }
                >
                  <Button size="small" type="link" danger icon={<DisconnectOutlined />} disabled={busy}>
                    {t('detail.unlink')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Typography.Link onClick={() => field.formId && onOpen(field.formId, id)}>
                {titles.get(id) ?? '…'}
              </Typography.Link>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={linking}
        title={t('detail.linkTitle', { form: target.data?.name ?? '' })}
        okText={t('detail.link')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !picked.length, loading: busy }}
        onCancel={() => setLinking(false)}
        onOk={async () => {
          const next =
            field.multiple || field.reverseOf
              ? [...ids, ...picked.filter((p) => !ids.includes(p))]
              : picked.slice(0, 1);
          if (await save(next, t('detail.linkedOk'))) setLinking(false);
        }}
        destroyOnHidden
      >
        <RelationPicker
          formId={field.formId}
          value={picked}
          multiple={!!field.multiple || !!field.reverseOf}
          exclude={ids}
          autoFocus
          onChange={(v) => setPicked(v ?? [])}
        />
      </Modal>
    </section>
  );
}

/** 关联记录: every relation field, forward and automatic reverse, as lists of linked titles with open, link and unlink. */
export function RelatedRecords({ formId, record, relations, onOpen }: Props) {
  const { t } = useTranslation();
  if (!relations.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noRelations')} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {relations.map((f) => (
        <RelationSection key={f.key} formId={formId} record={record} field={f} onOpen={onOpen} />
      ))}
    </Space>
  );
}
