import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Lookups, notifyTargetLabel } from './describe';
import type { Draft, NotifyTarget, Sla } from './model';

/** Notify targets as select values: `owner`, `departmentHead`, `role:<id>`, `userField:<key>`, `user:<id>`. */
export const encodeTarget = (n: NotifyTarget) =>
  typeof n === 'string'
    ? n
    : 'role' in n
      ? `role:${n.role}`
      : 'userField' in n
        ? `userField:${n.userField}`
        : `user:${n.user}`;
export function decodeTarget(v: string): NotifyTarget {
  if (v === 'owner' || v === 'departmentHead') return v;
  const [kind, ...rest] = v.split(':');
  const id = rest.join(':');
  return kind === 'role' ? { role: id } : kind === 'userField' ? { userField: id } : { user: id };
}

interface Values {
  state: string;
  hours: number;
  from: string;
  businessHours: boolean;
  escalations: Array<{ afterHours: number; notify: string[]; moveTo?: string; message?: string }>;
}

interface Props {
  sla: Sla | null;
  draft: Draft;
  lookups: Lookups;
  title: string;
  onSave: (s: Sla) => void;
  onClose: () => void;
}

/** Edits one time limit: the state, hours, counted from, working hours, escalation steps. */
export function SlaModal({ sla, draft, lookups, title, onSave, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!sla) return;
    form.resetFields();
    form.setFieldsValue({
      state: sla.state,
      hours: sla.hours,
      from: sla.from ?? 'enteredState',
      businessHours: !!sla.businessHours,
      escalations: sla.escalations.map((e) => ({
        afterHours: e.afterHours,
        notify: (e.notify ?? []).map(encodeTarget),
        moveTo: e.moveTo,
        message: e.message,
      })),
    });
  }, [sla, form]);
  const stateOptions = draft.states.map((s) => ({ value: s.key, label: s.label }));
  const dateFields = lookups.fields.filter((f) => f.type === 'date' || f.type === 'datetime');
  const targets: NotifyTarget[] = [
    'owner',
    'departmentHead',
    ...[...lookups.roles.keys()].map((role) => ({ role })),
    ...lookups.fields.filter((f) => f.type === 'member').map((f) => ({ userField: f.key })),
  ];
  const submit = async () => {
    const v = await form.validateFields();
    const keepBusiness =
      typeof sla?.businessHours === 'object' && v.businessHours ? sla.businessHours : v.businessHours;
    onSave({
      ...(sla?.key ? { key: sla.key } : {}),
      ...(sla?.when !== undefined ? { when: sla.when } : {}),
      state: v.state,
      hours: v.hours,
      ...(v.from && v.from !== 'enteredState' ? { from: v.from } : {}),
      ...(keepBusiness ? { businessHours: keepBusiness } : {}),
      escalations: (v.escalations ?? []).map((e) => ({
        afterHours: e.afterHours,
        ...(e.notify?.length ? { notify: e.notify.map(decodeTarget) } : {}),
        ...(e.moveTo ? { moveTo: e.moveTo } : {}),
        ...(e.message?.trim() ? { message: e.message.trim() } : {}),
      })),
    });
  };
  return (
    <Modal open={!!sla} title={title} onOk={submit} onCancel={onClose} destroyOnHidden width={640}>
      <Form form={form} name="wfSla" layout="vertical" className="admin-form" requiredMark={false}>
        <div className="wf-sla-grid">
          <Form.Item
            name="state"
            label={t('workflow.slaState')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={stateOptions} aria-label={t('workflow.slaState')} />
          </Form.Item>
          <Form.Item
            name="hours"
            label={t('workflow.hours')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber
              min={0.25}
              max={24 * 366}
              step={1}
              style={{ width: '100%' }}
              aria-label={t('workflow.hours')}
            />
          </Form.Item>
          <Form.Item name="from" label={t('workflow.slaFrom')}>
            <Select
              options={[
                { value: 'enteredState', label: t('workflow.fromEntered') },
                ...dateFields.map((f) => ({
                  value: f.key,
                  label: t('workflow.fromField', { label: f.label }),
                })),
              ]}
            />
          </Form.Item>
          <Form.Item
            name="businessHours"
            label={t('workflow.businessHours')}
            valuePropName="checked"
            extra={t('workflow.businessHoursHelp')}
          >
            <Switch />
          </Form.Item>
        </div>
        <Form.List name="escalations">
          {(items, { add, remove }) => (
            <div className="wf-escalations">
              <div className="wf-escalations-head">{t('workflow.escalations')}</div>
              {items.map((item) => (
                <Card key={item.key} size="small" className="wf-escalation">
                  <Button
                    type="text"
                    size="small"
                    icon={<CloseOutlined />}
                    className="wf-escalation-remove"
                    aria-label={t('common.delete')}
                    onClick={() => remove(item.name)}
                  />
                  <div className="wf-sla-grid">
                    <Form.Item
                      name={[item.name, 'afterHours']}
                      label={t('workflow.afterHours')}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <InputNumber min={0.25} max={24 * 366} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'moveTo']} label={t('workflow.moveTo')}>
                      <Select allowClear options={stateOptions} />
                    </Form.Item>
                  </div>
                  <Form.Item name={[item.name, 'notify']} label={t('workflow.notify')}>
                    <Select
                      mode="multiple"
                      allowClear
                      options={targets.map((n) => ({
                        value: encodeTarget(n),
                        label: notifyTargetLabel(n, lookups, t),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'message']}
                    label={t('workflow.message')}
                    style={{ marginBottom: 0 }}
                  >
                    <Input maxLength={500} placeholder={t('workflow.messagePlaceholder')} />
                  </Form.Item>
                </Card>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ afterHours: form.getFieldValue('hours') ?? 24, notify: ['owner'] })}
              >
                {t('workflow.addEscalation')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
