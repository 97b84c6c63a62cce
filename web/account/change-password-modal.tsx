import { App as AntApp, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '../api/account';
import { directoryProblem, passwordOk } from '../admin/server-problems';
import '../admin/admin.css';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码 from the user menu: the current password, the new one twice. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const submit = async () => {
    const v = await form.validateFields();
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          message.success(t('account.changed'));
          onClose();
        },
        onError: (e) => {
          const p = directoryProblem(e, t);
          if (p.field === 'currentPassword' || p.field === 'newPassword')
            form.setFields([{ name: p.field, errors: [p.message] }]);
          else message.error(p.message);
        },
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t('account.changePassword')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={change.isPending}
      destroyOnHidden
      afterClose={() => form.resetFields()}
      width={440}
    >
      <Form form={form} name="changePassword" layout="vertical" className="admin-form">
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_r, v: string) =>
                !v || passwordOk(v) ? Promise.resolve() : Promise.reject(new Error(t('account.rule'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" placeholder={t('account.rule')} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_r, v: string) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
