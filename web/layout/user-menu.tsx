import { GlobalOutlined, KeyOutlined, LogoutOutlined, MailOutlined } from '@ant-design/icons';
import { App as AntApp, Avatar, Dropdown, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ChangePasswordModal } from '../account/change-password-modal';
import { NotificationSettingsModal } from '../account/notification-settings-modal';
import { useLogout } from '../api/auth';
import type { User } from '../api/types';
import { LANGUAGES, type Language, setLanguage } from '../i18n';

/** The avatar menu: language, 修改密码, 通知设置 and 退出登录. */
export function UserMenu({ user }: { user: User | undefined }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const logout = useLogout();
  const name = user?.name || user?.email || '';
  const [changingPassword, setChangingPassword] = useState(false);
  const [notificationSettings, setNotificationSettings] = useState(false);
  return (
    <>
    <Dropdown
      trigger={['click']}
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
          if (key.startsWith('lang:')) setLanguage(key.slice(5) as Language);
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
        <Avatar size="small" style={{ background: '#1677ff' }}>{name.slice(0, 1).toUpperCase()}</Avatar>
        <span className="user-menu-name">{name}</span>
      </Space>
    </Dropdown>
    <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    <NotificationSettingsModal open={notificationSettings} onClose={() => setNotificationSettings(false)} />
    </>
  );
}
