import { RestOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Drawer, Empty, List, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useForm } from '../api/forms';
import { useRecordPages, useRestoreRecord } from '../api/record-pages';
import { titleKeyOf, titleOf } from '../pickers/record-titles';
import { refreshRecords } from '../views/shared/record-cache';
import './records.css';
import { errorMessage } from './errors';
import { useDrawerSize } from '../hooks/use-drawer-size';

interface Props {
  formId: string;
  open: boolean;
  onClose: () => void;
}

/** 回收站: the form's deleted records (`?deleted=true`), newest first, each with 恢复. */
export function RecycleBin({ formId, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const form = useForm(formId);
  const titleKey = titleKeyOf(form.data);
  const pages = useRecordPages(formId, { deleted: true, sort: '-updatedAt' }, 50, open);
  const restore = useRestoreRecord(formId);
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const drawerSize = useDrawerSize(560);
  return (
    <Drawer
      title={
        <>
          <RestOutlined /> {t('detail.recycleTitle')}
        </>
      }
      open={open}
      onClose={onClose}
      size={drawerSize}
      destroyOnHidden
    >
      {pages.isError ? (
        <Typography.Text type="danger">{errorMessage(pages.error, t)}</Typography.Text>
      ) : !pages.isLoading && !items.length ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div>{t('detail.recycleEmpty')}</div>
              <Typography.Text type="secondary">{t('detail.recycleHint')}</Typography.Text>
            </>
          }
        />
      ) : (
        <List
          loading={pages.isLoading}
          dataSource={items}
          renderItem={(r) => (
            <List.Item
              actions={[
                <Button
                  key="restore"
                  size="small"
                  icon={<UndoOutlined />}
                  loading={restore.isPending && restore.variables === r.id}
                  onClick={() =>
                    restore.mutate(r.id, {
                      onSuccess: () => {
                        message.success(t('detail.restored'));
                        void refreshRecords(qc, formId);
                      },
                      onError: (e) => message.error(errorMessage(e, t)),
                    })
                  }
                >
                  {t('detail.restore')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={titleOf(r, titleKey, t('kanban.untitled'))}
                description={t('detail.deletedAt', { at: dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm') })}
              />
            </List.Item>
          )}
          loadMore={
            pages.hasNextPage ? (
              <div className="list-more">
                <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
                  {t('kanban.loadMore')}
                </Button>
              </div>
            ) : null
          }
        />
      )}
    </Drawer>
  );
}
