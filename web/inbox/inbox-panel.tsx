import { CheckOutlined } from '@ant-design/icons';
import { Button, Empty, List, Spin, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type Notification,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
} from '../api/notifications';
import { notificationLink } from './notification-link';
import { timeAgo } from './time-ago';

/** The inbox in the bell's popover (loaded when first opened): the notifications, newest first; one leads to its record. */
export function InboxPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inbox = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const to = notificationLink(n);
    if (to) {
      onClose();
      navigate(to);
    }
  };

  return (
    <div className="inbox">
      <div className="inbox-head">
        <Typography.Text strong>{t('inbox.title')}</Typography.Text>
        {unread > 0 && (
          <Typography.Text type="secondary" className="inbox-unread">
            {t('inbox.unread', { count: unread })}
          </Typography.Text>
        )}
        <Button
          type="link"
          size="small"
          disabled={!unread}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          className="inbox-all"
        >
          {t('inbox.markAllRead')}
        </Button>
      </div>
      <div className="inbox-body">
        {inbox.isLoading ? (
          <div className="full-center" style={{ minHeight: 120 }}>
            <Spin />
          </div>
        ) : inbox.isError ? (
          <Typography.Text type="danger" className="inbox-error">
            {t('inbox.loadFailed')}
          </Typography.Text>
        ) : !items.length ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('inbox.empty')}</div>
                <Typography.Text type="secondary">{t('inbox.emptyHint')}</Typography.Text>
              </>
            }
          />
        ) : (
          <List
            dataSource={items}
            renderItem={(n) => (
              <List.Item
                className={`inbox-item${n.readAt ? '' : ' unread'}${notificationLink(n) ? ' linked' : ''}`}
                onClick={() => openOne(n)}
                actions={
                  n.readAt
                    ? []
                    : [
                        <Tooltip key="read" title={t('inbox.markRead')}>
                          <Button
                            type="text"
                            size="small"
                            icon={<CheckOutlined />}
                            aria-label={t('inbox.markRead')}
                            onClick={(e) => {
                              e.stopPropagation();
                              markRead.mutate(n.id);
                            }}
                          />
                        </Tooltip>,
                      ]
                }
              >
                <div className="inbox-text">
                  <div className="inbox-title">
                    {!n.readAt && <span className="inbox-dot" />}
                    {n.title}
                  </div>
                  {n.body && <div className="inbox-body-text">{n.body}</div>}
                  <Typography.Text type="secondary" className="inbox-time" title={n.createdAt}>
                    {timeAgo(n.createdAt)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </div>
    </div>
  );
}
