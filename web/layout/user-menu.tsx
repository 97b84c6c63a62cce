import { GlobalOutlined, KeyOutlined, LogoutOutlined, MailOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Space } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import type { User } from '../api/types';
import { LANGUAGES, type Language, setLanguage } from '../i18n';
import { AntApp } from './feedback-provider';

// The dialogs load when the menu first opens (they are rarely used), not with the page.
const loadChangePassword = () => import('../account/change-password-modal');
const loadNotificationSettings = () => import('../account/notification-settings-modal');
const ChangePasswordModal = lazy(() => loadChangePassword().then((m) => ({ default: m.ChangePasswordModal })));
const NotificationSettingsModal = lazy(() => loadNotificationSettings().then((m) => ({ default: m.NotificationSettingsModal })));
const preloadDialogs = () => void Promise.all([loadChangePassword(), loadNotificationSettings()]).catch(() => undefined);

/** The avatar menu: language, 修改密码, 通知设置 and 退出登录. */
export function UserMenu({ user }: { user: User | undefined }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const logout = useLogout();
  const name = user?.name || user?.email || '';
  const [changingPassword, setChangingPassword] = useState(false);
  const [notificationSettings, setNotificationSettings] = useState(false);
  // Mounted from their first opening on, so that closing them still animates.
  const [used, setUsed] = useState({ password: false, notifications: false });
  return (
    <>
    <Dropdown
      trigger={['click']}
      onOpenChange={(open) => open && preloadDialogs()}
      menu={{
        items: [
          { key: 'who', label: <div className="user-menu-who"><div>{name}</div><small>{user?.email}</small></div>, disabled: true },
          { type: 'divider' },
          {
            key: 'lang',
            icon: <GlobalOutlined />,
            label: t('shell.language'),
            children: LANGUAGES.map((l) => ({ key: `lang:${l}`, label: `${i18n.language === l ? '✓ ' : ''}${t(`language.${l}`)}` })),
          },
          { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
          { key: 'notifications', icon: <MailOutlined />, label: t('account.notificationSettings') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key.startsWith('lang:')) void setLanguage(key.slice(5) as Language);
          if (key === 'password') setChangingPassword(true);
          if (key === 'notifications') setNotificationSettings(true);
          if (key === 'password' || key === 'notifications') setUsed((u) => ({ ...u, [key]: true }));
          if (key === 'logout')
            logout.mutate(undefined, {
              onSettled: () => {
                message.success(t('auth.loggedOut'));
                navigate('/login', { replace: true });
              },
            });
        },
      }}
    >
      <Space className="user-menu" role="button" tabIndex={0}>
        <Avatar size="small" style={{ background: '#1677ff' }}>{name.slice(0, 1).toUpperCase()}</Avatar>
        <span className="user-menu-name">{name}</span>
      </Space>
    </Dropdown>
    {used.password && <Suspense fallback={null}><ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} /></Suspense>}
    {used.notifications && <Suspense fallback={null}><NotificationSettingsModal open={notificationSettings} onClose={() => setNotificationSettings(false)} /></Suspense>}
    </>
  );
}
