import { DeleteOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, type FieldInfo, STATE_COLORS, type State } from './model';

interface Props {
  state: State | null;
  initial: boolean;
  fields: FieldInfo[];
  /** Keys other states use (a key must stay unique). */
  otherKeys: string[];
  onSave: (s: State, initial: boolean) => void;
  onDelete: () => void;
  onClose: () => void;
}

/** Edits one state: name, key, color, category, initial, read-only fields. */
export function StateModal({ state, initial, fields, otherKeys, onSave, onDelete, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<State & { initial: boolean }>();
  useEffect(() => {
    if (state) {
      form.resetFields();
      form.setFieldsValue({ ...state, readonlyFields: state.readonlyFields ?? [], initial });
    }
  }, [state, initial, form]);
  const submit = async () => {
    const { initial: isInitial, ...v } = await form.validateFields();
    onSave({ ...state!, ...v, label: v.label.trim(), key: v.key.trim() }, isInitial);
  };
  return (
    <Modal
      open={!!state}
      title={t('workflow.editState')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      footer={(_node, { OkBtn, CancelBtn }) => (
        <div className="modal-footer-split">
          <Button danger icon={<DeleteOutlined />} onClick={onDelete}>
            {t('workflow.deleteState')}
          </Button>
          <span>
            <CancelBtn /> <OkBtn />
          </span>
        </div>
      )}
    >
      <Form form={form} name="wfState" layout="vertical" className="admin-form">
        <Form.Item
          name="label"
          label={t('workflow.stateLabel')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('workflow.stateKey')}
          extra={t('workflow.stateKeyHelp')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: /^[A-Za-z_][A-Za-z0-9_]{0,62}$/, message: t('workflow.issue.badKey', { name: '' }) },
            {
              validator: (_r, v: string) =>
                otherKeys.includes(v?.trim())
                  ? Promise.reject(new Error(t('workflow.issue.duplicateKey', { name: v })))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input className="mono" maxLength={63} />
        </Form.Item>
        <Form.Item name="category" label={t('workflow.category')}>
          <Radio.Group
            optionType="button"
            options={CATEGORIES.map((c) => ({ value: c, label: t(`workflow.categories.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="color" label={t('workflow.color')}>
          <Radio.Group className="wf-colors">
            {STATE_COLORS.map((c) => (
              <Radio key={c} value={c} aria-label={c}>
                <span className={`swatch swatch-${c}`} />
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="initial"
          label={t('workflow.setInitial')}
          valuePropName="checked"
          extra={t('workflow.recordsStart')}
        >
          <Switch disabled={initial} />
        </Form.Item>
        <Form.Item name="readonlyFields" label={t('workflow.readonlyFields')}>
          <Select
            mode="multiple"
            allowClear
            options={fields.map((f) => ({ value: f.key, label: f.label }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
