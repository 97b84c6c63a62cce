import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { factsOf, valueKindOf } from '../../server/fields/facts';
import type { Widget } from '../api/dashboards';
import { useForm } from '../api/forms';
import type { FormSummary } from '../api/types';
import type { Filter } from '../../server/filter/filter.schema';
import { FilterEditor } from '../views/filter/filter-editor';
import { groupsOf } from './chart-data';
import { THRESHOLD_COLORS } from './kpi-card';

export const WIDGET_TYPES = ['kpi', 'bar', 'line', 'area', 'pie', 'funnel', 'pivot', 'list'] as const;
const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
type Bucket = (typeof BUCKETS)[number];

/** A new widget's settings before it has a place. */
export function newWidget(formId: string): Omit<Widget, 'id' | 'layout'> {
  return { type: 'bar', title: '', formId, query: { metrics: [{ op: 'count' }] } };
}

/** Default sizes in grid cells (12 columns, 60 px rows). */
export const DEFAULT_SIZE: Record<string, { w: number; h: number }> = {
  kpi: { w: 3, h: 3 },
  list: { w: 6, h: 5 },
  pivot: { w: 6, h: 5 },
};
export const sizeOf = (type: string) => DEFAULT_SIZE[type] ?? { w: 6, h: 5 };

interface Props {
  initial: Omit<Widget, 'id' | 'layout'> & Partial<Pick<Widget, 'id' | 'layout'>>;
  forms: FormSummary[];
  onSave: (w: Omit<Widget, 'id' | 'layout'> & Partial<Pick<Widget, 'id' | 'layout'>>) => void;
  onClose: () => void;
  saving?: boolean;
}

/** A widget's settings: form, type, grouping (field or date bucket), measure, filter, period, KPI target and thresholds. */
export function WidgetEditor({ initial, forms, onSave, onClose, saving }: Props) {
  const { t } = useTranslation();
  const [w, setW] = useState(initial);
  const form = useForm(w.formId || undefined);
  const fields = form.data?.fields ?? [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const groups = groupsOf(w);
  const metric = w.query?.metrics[0] ?? { op: 'count' as const };
  const isDate = (key?: string) =>
    (!!key && ['date', 'datetime'].includes(byKey.get(key)?.type ?? '')) ||
    key === 'createdAt' ||
    key === 'updatedAt';
  const groupable = fields.filter((f) => factsOf(f.type)?.groupable);
  const groupOptions = [
    ...groupable.map((f) => ({ value: f.key, label: f.label })),
    { value: 'createdAt', label: t('automations.system.createdAt') },
    { value: 'state', label: t('automations.system.state') },
  ];
  const dateOptions = [
    ...fields
      .filter((f) => f.type === 'date' || f.type === 'datetime')
      .map((f) => ({ value: f.key, label: f.label })),
    { value: 'createdAt', label: t('automations.system.createdAt') },
  ];
  const numeric = fields
    .filter((f) => valueKindOf(f) === 'number')
    .map((f) => ({ value: f.key, label: f.label }));
  const chart = !['kpi', 'list'].includes(w.type);

  const setQuery = (patch: Partial<NonNullable<Widget['query']>>) =>
    setW({ ...w, query: { metrics: [{ op: 'count' }], ...w.query, ...patch } });
  const setGroup = (i: number, g: { field: string; bucket?: Bucket } | undefined) => {
    const next = [...groups];
    if (g) next[i] = g;
    else next.splice(i);
    setQuery({
      groupBy: next.length
        ? next.map((x) => (x.bucket ? { field: x.field, bucket: x.bucket } : x.field))
        : undefined,
    });
  };
  const setType = (type: Widget['type']) => {
    if (type === 'list') setW({ ...w, type, query: undefined, list: w.list ?? { limit: 10 } });
    else
      setW({
        ...w,
        type,
        list: undefined,
        query: { metrics: [metric], ...(w.query ?? {}), ...(type === 'kpi' ? { groupBy: undefined } : {}) },
      });
  };
  const thresholds = w.thresholds ?? [];
  const valid =
    !!w.title.trim() && !!w.formId && (w.type !== 'kpi' || metric.op === 'count' || !!metric.field);

  return (
    <Modal
      open
      width={760}
      title={t('dashboards.editor.title')}
      onCancel={onClose}
      onOk={() => onSave({ ...w, title: w.title.trim() })}
      okButtonProps={{ disabled: !valid, loading: saving }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      <Form layout="vertical" component="div" className="widget-editor">
        <Space.Compact block>
          <Form.Item label={t('dashboards.editor.widgetTitle')} required style={{ flex: 1, marginRight: 12 }}>
            <Input
              value={w.title}
              placeholder={t('dashboards.editor.widgetTitlePlaceholder')}
              onChange={(e) => setW({ ...w, title: e.target.value })}
              aria-label={t('dashboards.editor.widgetTitle')}
            />
          </Form.Item>
          <Form.Item label={t('dashboards.editor.form')} required style={{ flex: 1 }}>
            <Select
              value={w.formId || undefined}
              placeholder={t('dashboards.editor.pickForm')}
              onChange={(formId: string) =>
                setW({
                  ...newWidget(formId),
                  type: w.type,
                  title: w.title,
                  ...(w.type === 'list' ? { query: undefined, list: { limit: 10 } } : {}),
                })
              }
              options={forms.map((f) => ({ value: f.id, label: f.name }))}
              aria-label={t('dashboards.editor.form')}
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item label={t('dashboards.editor.type')}>
          <Radio.Group
            optionType="button"
            value={w.type}
            onChange={(e) => setType(e.target.value)}
            options={WIDGET_TYPES.map((type) => ({ value: type, label: t(`dashboards.type.${type}`) }))}
          />
        </Form.Item>
        {w.type !== 'list' && (
          <Space size={12} wrap align="start">
            <Form.Item label={t('dashboards.editor.metric')}>
              <Select
                style={{ width: 120 }}
                value={metric.op}
                onChange={(op) =>
                  setQuery({
                    metrics: [op === 'count' ? { op } : { op, field: metric.field ?? numeric[0]?.value }],
                  })
                }
                options={(['count', 'sum', 'avg', 'min', 'max'] as const).map((op) => ({
                  value: op,
                  label: t(`dashboards.metrics.${op}`),
                }))}
                aria-label={t('dashboards.editor.metric')}
              />
            </Form.Item>
            {metric.op !== 'count' && (
              <Form.Item label={t('dashboards.editor.metricField')}>
                <Select
                  style={{ width: 180 }}
                  value={metric.field}
                  onChange={(field: string) => setQuery({ metrics: [{ op: metric.op, field }] })}
                  options={numeric}
                  aria-label={t('dashboards.editor.metricField')}
                />
              </Form.Item>
            )}
            {chart && (
              <Form.Item label={t('dashboards.editor.groupBy')}>
                <Space.Compact>
                  <Select
                    style={{ width: 180 }}
                    allowClear
                    placeholder={t('dashboards.editor.none')}
                    value={groups[0]?.field}
                    onChange={(field?: string) =>
                      setGroup(0, field ? { field, bucket: isDate(field) ? 'month' : undefined } : undefined)
                    }
                    options={groupOptions}
                    aria-label={t('dashboards.editor.groupBy')}
                  />
                  {isDate(groups[0]?.field) && (
                    <Select
                      style={{ width: 110 }}
                      value={groups[0]?.bucket ?? 'day'}
                      onChange={(bucket: Bucket) => setGroup(0, { field: groups[0].field, bucket })}
                      options={BUCKETS.map((b) => ({ value: b, label: t(`dashboards.buckets.${b}`) }))}
                      aria-label={t('dashboards.editor.bucket')}
                    />
                  )}
                </Space.Compact>
              </Form.Item>
            )}
            {chart && groups[0] && w.type !== 'pie' && w.type !== 'funnel' && (
              <Form.Item label={t('dashboards.editor.groupBy2')}>
                <Select
                  style={{ width: 160 }}
                  allowClear
                  placeholder={t('dashboards.editor.none')}
                  value={groups[1]?.field}
                  onChange={(field?: string) => setGroup(1, field ? { field } : undefined)}
                  options={groupOptions.filter((o) => o.value !== groups[0].field && !isDate(o.value))}
                />
              </Form.Item>
            )}
          </Space>
        )}
        {(w.type === 'bar' || w.type === 'line' || w.type === 'area') && groups[1] && (
          <Form.Item>
            <Checkbox
              checked={!!w.options?.stacked}
              onChange={(e) => setW({ ...w, options: { ...w.options, stacked: e.target.checked } })}
            >
              {t('dashboards.editor.stacked')}
            </Checkbox>
          </Form.Item>
        )}
        <Form.Item label={t('dashboards.editor.period')}>
          <Space.Compact>
            <Select
              style={{ width: 180 }}
              allowClear
              placeholder={t('dashboards.editor.periodNone')}
              value={w.period?.field}
              onChange={(field?: string) =>
                setW({
                  ...w,
                  period: field ? { field, unit: w.period?.unit ?? 'month' } : undefined,
                  compare: field ? w.compare : undefined,
                })
              }
              options={dateOptions}
              aria-label={t('dashboards.editor.periodField')}
            />
            {w.period && (
              <Select
                style={{ width: 110 }}
                value={w.period.unit}
                onChange={(unit: Bucket) => setW({ ...w, period: { ...w.period!, unit } })}
                options={BUCKETS.map((b) => ({ value: b, label: t(`dashboards.periods.${b}`) }))}
              />
            )}
          </Space.Compact>
        </Form.Item>
        {w.type === 'kpi' && (
          <>
            <Space size={24} wrap align="start">
              <Form.Item label={t('dashboards.editor.target')}>
                <InputNumber
                  style={{ width: 180 }}
                  value={w.target}
                  onChange={(v) => setW({ ...w, target: v ?? undefined })}
                  aria-label={t('dashboards.editor.target')}
                />
              </Form.Item>
              {w.period && (
                <Form.Item label=" ">
                  <Space>
                    <Switch
                      size="small"
                      checked={w.compare === 'previousPeriod'}
                      onChange={(on) => setW({ ...w, compare: on ? 'previousPeriod' : undefined })}
                    />
                    {t('dashboards.editor.compare')}
                  </Space>
                </Form.Item>
              )}
            </Space>
            <Form.Item label={t('dashboards.editor.thresholds')} extra={t('dashboards.editor.thresholdHint')}>
              <div className="threshold-list">
                {thresholds.map((th, i) => (
                  <Space key={i}>
                    <InputNumber
                      value={w.target ? Math.round(th.value * 100) : th.value}
                      suffix={w.target ? '%' : undefined}
                      onChange={(v) =>
                        setW({
                          ...w,
                          thresholds: thresholds.map((x, j) =>
                            j === i ? { ...x, value: w.target ? (v ?? 0) / 100 : (v ?? 0) } : x,
                          ),
                        })
                      }
                    />
                    <Select
                      style={{ width: 100 }}
                      value={th.color}
                      onChange={(color: string) =>
                        setW({ ...w, thresholds: thresholds.map((x, j) => (j === i ? { ...x, color } : x)) })
                      }
                      options={Object.entries(THRESHOLD_COLORS).map(([k, hex]) => ({
                        value: k,
                        label: (
                          <Space size={6}>
                            <span className="swatch" style={{ background: hex }} />
                            {t(`dashboards.colors.${k}`)}
                          </Space>
                        ),
                      }))}
                    />
                    <Button
                      type="text"
                      icon={<CloseOutlined />}
                      onClick={() => setW({ ...w, thresholds: thresholds.filter((_, j) => j !== i) })}
                      aria-label={t('common.delete')}
                    />
                  </Space>
                ))}
                <Button
                  size="small"
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    setW({
                      ...w,
                      thresholds: [
                        ...thresholds,
                        { value: thresholds.length ? 1 : 0.8, color: thresholds.length ? 'green' : 'orange' },
                      ],
                    })
                  }
                >
                  {t('dashboards.editor.addThreshold')}
                </Button>
              </div>
            </Form.Item>
          </>
        )}
        {w.type === 'list' && (
          <Space size={12} wrap align="start">
            <Form.Item label={t('dashboards.editor.listFields')}>
              <Select
                mode="multiple"
                style={{ minWidth: 300 }}
                value={w.list?.fields ?? []}
                onChange={(keys: string[]) =>
                  setW({ ...w, list: { ...w.list, fields: keys.length ? keys : undefined } })
                }
                options={fields.map((f) => ({ value: f.key, label: f.label }))}
              />
            </Form.Item>
            <Form.Item label={t('dashboards.editor.listSort')}>
              <Select
                style={{ width: 200 }}
                allowClear
                placeholder={t('dashboards.editor.sortNone')}
                value={w.list?.sort}
                onChange={(sort?: string) => setW({ ...w, list: { ...w.list, sort } })}
                options={[...fields, { key: 'createdAt', label: t('automations.system.createdAt') }].flatMap(
                  (f) => [
                    { value: f.key, label: f.label },
                    { value: `-${f.key}`, label: `${f.label} · ${t('dashboards.editor.descending')}` },
                  ],
                )}
              />
            </Form.Item>
            <Form.Item label={t('dashboards.editor.listLimit')}>
              <InputNumber
                min={1}
                max={100}
                value={w.list?.limit ?? 10}
                onChange={(limit) => setW({ ...w, list: { ...w.list, limit: limit ?? 10 } })}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item label={t('dashboards.editor.filter')}>
          {w.formId ? (
            <FilterEditor
              key={w.formId}
              formId={w.formId}
              fields={fields}
              value={(w.type === 'list' ? w.list?.filter : w.query?.filter) as Filter | undefined}
              onChange={(filter) =>
                w.type === 'list' ? setW({ ...w, list: { ...w.list, filter } }) : setQuery({ filter })
              }
            />
          ) : (
            <Typography.Text type="secondary">{t('dashboards.editor.pickForm')}</Typography.Text>
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
