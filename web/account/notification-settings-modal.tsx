import { Alert, App as AntApp, Button, Modal, Skeleton, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNotificationSettings, useSetNotificationSettings } from './notification-settings';

/** 通知设置 from the user menu: whether notifications also arrive by e-mail (saved as soon as it is flipped). */
export function NotificationSettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const settings = useNotificationSettings(open);
  const save = useSetNotificationSettings();
  const flip = (email: boolean) =>
    save.mutate(
      { email },
      {
        onSuccess: () => message.success(t(email ? 'account.mailOn' : 'account.mailOff')),
        onError: () => message.error(t('common.unknownError')),
      },
    );
  return (
    <Modal
      open={open}
      title={t('account.notificationSettings')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      destroyOnHidden
      width={440}
    >
      {settings.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : settings.isError ? (
        <Alert type="error" showIcon title={t('account.settingsLoadFailed')} />
      ) : (
        <>
          <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}>
            <div>
              <div>
                <label htmlFor="mail-notifications">{t('account.mailNotifications')}</label>
              </div>
              <Typography.Text type="secondary">{t('account.mailHint')}</Typography.Text>
            </div>
            <Switch
              id="mail-notifications"
              checked={settings.data?.email ?? true}
              loading={save.isPending}
              onChange={flip}
            />
          </div>
          {settings.data && !settings.data.emailAvailable && (
            <Alert type="info" showIcon title={t('account.mailUnavailable')} style={{ marginTop: 16 }} />
          )}
        </>
      )}
    </Modal>
  );
}
