import { Checkbox, Form, Input, Modal, Radio, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '../admin/department-select';
import type { Lookups } from './describe';
import type { Draft, Transition } from './model';

interface Values {
  fromMode: 'any' | 'some';
  from: string[];
  to: string;
  label?: string;
  roles: string[];
  departments: string[];
  owner: boolean;
  userFields: string[];
  requiredFields: string[];
  requireComment: boolean;
}

const toValues = (tr: Transition): Values => ({
  fromMode: tr.from === '*' ? 'any' : 'some',
  from: tr.from === '*' ? [] : Array.isArray(tr.from) ? tr.from : [tr.from],
  to: tr.to,
  label: tr.label ?? '',
  roles: tr.allow?.roles ?? [],
  departments: tr.allow?.departments ?? [],
  owner: !!tr.allow?.owner,
  userFields: tr.allow?.userFields ?? [],
  requiredFields: tr.requiredFields ?? [],
  requireComment: !!tr.requireComment,
});

const fromValues = (v: Values, base: Transition): Transition => {
  const allow = {
    ...(v.roles.length ? { roles: v.roles } : {}),
    ...(v.departments.length ? { departments: v.departments } : {}),
    ...(v.owner ? { owner: true } : {}),
    ...(v.userFields.length ? { userFields: v.userFields } : {}),
  };
  return {
    ...(base.key ? { key: base.key } : {}),
    from: v.fromMode === 'any' ? '*' : v.from.length === 1 ? v.from[0] : v.from,
    to: v.to,
    ...(v.label?.trim() ? { label: v.label.trim() } : {}),
    ...(Object.keys(allow).length ? { allow } : {}),
    ...(v.requiredFields.length ? { requiredFields: v.requiredFields } : {}),
    ...(v.requireComment ? { requireComment: true } : {}),
  };
};

interface Props {
  transition: Transition | null;
  draft: Draft;
  lookups: Lookups;
  /** Whether the roles list could be read (only admins may). */
  onSave: (tr: Transition) => void;
  onClose: () => void;
  title: string;
}

/** Edits one transition: from (one, several or any) → to, label, who may, required fields, comment. */
export function TransitionModal({ transition, draft, lookups, onSave, onClose, title }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const fromMode = Form.useWatch('fromMode', form);
  useEffect(() => {
    if (transition) {
      form.resetFields();
      form.setFieldsValue(toValues(transition));
    }
  }, [transition, form]);
  const stateOptions = draft.states.map((s) => ({ value: s.key, label: s.label }));
  const members = lookups.fields.filter((f) => f.type === 'member');
  const submit = async () => onSave(fromValues(await form.validateFields(), transition!));
  return (
    <Modal open={!!transition} title={title} onOk={submit} onCancel={onClose} destroyOnHidden width={620}>
      <Form form={form} name="wfTransition" layout="vertical" className="admin-form" requiredMark={false}>
        <div className="wf-from-to">
          <Form.Item label={t('workflow.from')} required style={{ flex: 1 }}>
            <Form.Item name="fromMode" noStyle>
              <Radio.Group
                size="small"
                options={[
                  { value: 'some', label: t('workflow.pickStates') },
                  { value: 'any', label: t('workflow.any') },
                ]}
              />
            </Form.Item>
            {fromMode !== 'any' && (
              <Form.Item
                name="from"
                noStyle
                rules={[{ type: 'array', min: 1, message: t('workflow.issue.noFrom') }]}
              >
                <Select
                  mode="multiple"
                  options={stateOptions}
                  style={{ marginTop: 6 }}
                  placeholder={t('workflow.pickStates')}
                  aria-label={t('workflow.from')}
                />
              </Form.Item>
            )}
          </Form.Item>
          <span className="wf-arrow">→</span>
          <Form.Item
            name="to"
            label={t('workflow.to')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: 1 }}
          >
            <Select options={stateOptions} aria-label={t('workflow.to')} />
          </Form.Item>
        </div>
        <Form.Item name="label" label={t('workflow.label')}>
          <Input maxLength={100} placeholder={t('workflow.labelPlaceholder')} />
        </Form.Item>
        <Typography.Text strong>{t('workflow.who')}</Typography.Text>
        <Typography.Text type="secondary" className="panel-hint">
          {t('workflow.whoHelp')}
        </Typography.Text>
        <div className="wf-who">
          <Form.Item name="roles" label={t('workflow.roles')}>
            <Select
              mode="multiple"
              allowClear
              options={[...lookups.roles].map(([value, label]) => ({ value, label }))}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('workflow.whoAnyone')}
            />
          </Form.Item>
          <Form.Item name="departments" label={t('workflow.departments')}>
            <DepartmentSelect multiple placeholder={t('workflow.whoAnyone')} />
          </Form.Item>
          <Form.Item name="userFields" label={t('workflow.userFields')}>
            <Select
              mode="multiple"
              allowClear
              options={members.map((f) => ({ value: f.key, label: f.label }))}
              placeholder={t('workflow.whoAnyone')}
            />
          </Form.Item>
          <Form.Item name="owner" valuePropName="checked" label=" ">
            <Checkbox>{t('workflow.owner')}</Checkbox>
          </Form.Item>
        </div>
        <Form.Item
          name="requiredFields"
          label={t('workflow.requiredFields')}
          extra={t('workflow.requiredHelp')}
        >
          <Select
            mode="multiple"
            allowClear
            options={lookups.fields.map((f) => ({ value: f.key, label: f.label }))}
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('workflow.requiredFields')}
          />
        </Form.Item>
        <Form.Item name="requireComment" valuePropName="checked" label={t('workflow.requireComment')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
