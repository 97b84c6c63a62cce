import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Spin, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Notification, useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '../api/notifications';
import { timeAgo } from './time-ago';
import './inbox.css';

/** Where a notification leads: its record in the data page's drawer, when it names one. */
export const notificationLink = (n: Pick<Notification, 'formId' | 'recordId'>) =>
  n.formId ? `/forms/${encodeURIComponent(n.formId)}${n.recordId ? `?record=${encodeURIComponent(n.recordId)}` : ''}` : null;

/** The bell in the header: unread count (polled every 30 s) and the inbox in a popover. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const inbox = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const to = notificationLink(n);
    if (to) {
      setOpen(false);
      navigate(to);
    }
  };

  const content = (
    <div className="inbox">
      <div className="inbox-head">
        <Typography.Text strong>{t('inbox.title')}</Typography.Text>
        {unread > 0 && <Typography.Text type="secondary" className="inbox-unread">{t('inbox.unread', { count: unread })}</Typography.Text>}
        <Button type="link" size="small" disabled={!unread} loading={markAll.isPending} onClick={() => markAll.mutate()} className="inbox-all">
          {t('inbox.markAllRead')}
        </Button>
      </div>
      <div className="inbox-body">
        {inbox.isLoading ? (
          <div className="full-center" style={{ minHeight: 120 }}><Spin /></div>
        ) : inbox.isError ? (
          <Typography.Text type="danger" className="inbox-error">{t('inbox.loadFailed')}</Typography.Text>
        ) : !items.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<><div>{t('inbox.empty')}</div><Typography.Text type="secondary">{t('inbox.emptyHint')}</Typography.Text></>} />
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
                          <Button type="text" size="small" icon={<CheckOutlined />} aria-label={t('inbox.markRead')} onClick={(e) => { e.stopPropagation(); markRead.mutate(n.id); }} />
                        </Tooltip>,
                      ]
                }
              >
                <div className="inbox-text">
                  <div className="inbox-title">{!n.readAt && <span className="inbox-dot" />}{n.title}</div>
                  {n.body && <div className="inbox-body-text">{n.body}</div>}
                  <Typography.Text type="secondary" className="inbox-time" title={n.createdAt}>{timeAgo(n.createdAt)}</Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </div>
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} arrow={false} styles={{ container: { padding: 0 } }}>
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button type="text" shape="circle" icon={<BellOutlined />} aria-label={t('inbox.title')} />
      </Badge>
    </Popover>
  );
}
