import { GlobalOutlined, KeyOutlined, LogoutOutlined, MailOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Space } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import type { User } from '../api/types';
import { LANGUAGES, type Language, setLanguage } from '../i18n';
import { lazyComponent } from '../lazy/lazy-component';
import { preloader } from '../lazy/preloader';
import { useOpenedOnce } from '../lazy/use-opened-once';
import { AntApp } from './feedback-provider';

// The dialogs load when the menu first opens (they are rarely used), not with the page.
const changePasswordCode = preloader(() => import('../account/change-password-modal'));
const notificationSettingsCode = preloader(() => import('../account/notification-settings-modal'));
const ChangePasswordModal = lazyComponent(changePasswordCode, (m) => m.ChangePasswordModal);
const NotificationSettingsModal = lazyComponent(notificationSettingsCode, (m) => m.NotificationSettingsModal);
const preloadDialogs = () =>
  void Promise.all([changePasswordCode.preload(), notificationSettingsCode.preload()]).catch(() => undefined);

/** The avatar menu: language, 修改密码, 通知设置 and 退出登录. */
export function UserMenu({ user }: { user: User | undefined }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const logout = useLogout();
  const name = user?.name || user?.email || '';
  const [changingPassword, setChangingPassword] = useState(false);
  const [notificationSettings, setNotificationSettings] = useState(false);
  const passwordOpened = useOpenedOnce(changingPassword);
  const notificationsOpened = useOpenedOnce(notificationSettings);
  return (
    <>
      <Dropdown
        trigger={['click']}
        onOpenChange={(open) => open && preloadDialogs()}
        menu={{
          items: [
            {
              key: 'who',
              label: (
                <div className="user-menu-who">
                  <div>{name}</div>
                  <small>{user?.email}</small>
                </div>
              ),
              disabled: true,
            },
            { type: 'divider' },
            {
              key: 'lang',
              icon: <GlobalOutlined />,
              label: t('shell.language'),
              children: LANGUAGES.map((l) => ({
                key: `lang:${l}`,
                label: `${i18n.language === l ? '✓ ' : ''}${t(`language.${l}`)}`,
              })),
            },
            { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
            { key: 'notifications', icon: <MailOutlined />, label: t('account.notificationSettings') },
            { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
          ],
          onClick: ({ key }) => {
            if (key.startsWith('lang:')) void setLanguage(key.slice(5) as Language);
            if (key === 'password') setChangingPassword(true);
            if (key === 'notifications') setNotificationSettings(true);
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
          <Avatar size="small" style={{ background: '#1677ff' }}>
            {name.slice(0, 1).toUpperCase()}
          </Avatar>
          <span className="user-menu-name">{name}</span>
        </Space>
      </Dropdown>
      {passwordOpened && (
        <Suspense fallback={null}>
          <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
        </Suspense>
      )}
      {notificationsOpened && (
        <Suspense fallback={null}>
          <NotificationSettingsModal
            open={notificationSettings}
            onClose={() => setNotificationSettings(false)}
          />
        </Suspense>
      )}
    </>
  );
}
