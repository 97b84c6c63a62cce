import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Popover } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotifications } from '../api/notifications';
import { PopoverLoading } from '../views/shared/popover-loading';
import './inbox.css';

// The list (and Ant Design's List with it) loads when the inbox is first opened.
const InboxPanel = lazy(() => import('./inbox-panel').then((m) => ({ default: m.InboxPanel })));

/** The bell in the header: unread count (polled every 30 s) and the inbox in a popover. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const inbox = useNotifications();
  const unread = inbox.data?.unread ?? 0;

  return (
    <Popover
      content={
        <Suspense fallback={<PopoverLoading />}>
          <InboxPanel onClose={() => setOpen(false)} />
        </Suspense>
      }
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      arrow={false}
      styles={{ container: { padding: 0 } }}
    >
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button type="text" shape="circle" icon={<BellOutlined />} aria-label={t('inbox.title')} />
      </Badge>
    </Popover>
  );
}
