import { App as AntApp, Checkbox, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type ViewType, useCreateView } from '../api/views';
import { errorMessage } from '../records/errors';
import { type ViewConfig, viewBody } from './view-config';

interface Props {
  formId: string;
  type: ViewType;
  config: ViewConfig;
  open: boolean;
  onClose: () => void;
  /** The new view was saved. */
  onCreated: (id: string) => void;
}

/** 另存为视图: a name and whether others see it; view-bar.tsx loads it when first opened. */
export function SaveViewModal({ formId, type, config, open, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const create = useCreateView(formId);
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  // Each opening starts from a blank name.
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(viewBody(v.name.trim(), type, config, v.shared), {
      onSuccess: (created) => {
        message.success(t('views.created'));
        onClose();
        onCreated(created.id);
      },
      onError: (e) => message.error(errorMessage(e, t)),
    });
  };

  return (
    <Modal
      open={open}
      title={t('views.saveAsTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={submit}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ shared: true }} style={{ marginTop: 12 }}>
        <Form.Item
          name="name"
          label={t('views.viewName')}
          rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }, { max: 100 }]}
        >
          <Input placeholder={t('views.viewNamePlaceholder')} autoFocus onPressEnter={() => void submit()} />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked">
          <Checkbox>{t('views.shared')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
