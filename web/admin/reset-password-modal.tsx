import { App as AntApp, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { type DirectoryUser, useUpdateUser } from '../api/directory';
import { directoryProblem, passwordOk } from './server-problems';

/** An admin sets a new password for a member (their sessions end). */
export function ResetPasswordModal({ user, onClose }: { user: DirectoryUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const update = useUpdateUser();
  const submit = async () => {
    const v = await form.validateFields();
    update.mutate(
      { id: user!.id, password: v.password },
      {
        onSuccess: () => {
          message.success(t('admin.users.passwordReset'));
          onClose();
        },
        onError: (e) => form.setFields([{ name: 'password', errors: [directoryProblem(e, t).message] }]),
      },
    );
  };
  return (
    <Modal
      open={!!user}
      title={t('admin.users.resetTitle', { name: user?.name ?? '' })}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={update.isPending}
      destroyOnHidden
      afterClose={() => form.resetFields()}
    >
      <Form form={form} name="resetPassword" layout="vertical">
        <Form.Item
          name="password"
          label={t('account.newPassword')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_r, v: string) =>
                !v || passwordOk(v) ? Promise.resolve() : Promise.reject(new Error(t('account.rule'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" placeholder={t('account.rule')} autoFocus />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_r, v: string) =>
                !v || v === getFieldValue('password')
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
