import { Empty, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Widget, WidgetData } from '../api/dashboards';
import { useForm } from '../api/forms';
import type { FieldDef } from '../api/types';
import { FieldCell } from '../fields/field-cell';
import { chartData, groupsOf, metricName } from './chart-data';
import { chartOption } from './chart-option';
import { drillFilter } from './drill';
import { EChart } from './echart';
import { KpiCard, formatValue } from './kpi-card';

/** The label of a group value: an option's label, a bucket as is, an empty group as （空）. */
export function useLabels(fields: readonly FieldDef[]) {
  const { t } = useTranslation();
  return useMemo(() => {
    const byKey = new Map(fields.map((f) => [f.key, f]));
    const label = (field: string, v: unknown) => {
      if (v === null || v === undefined || v === '') return t('dashboards.empty_');
      const f = byKey.get(field);
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      return f?.options?.find((o) => o.value === v)?.label ?? String(v);
    };
    const metricLabel = (m: { op: string; field?: string }) =>
      m.field
        ? `${byKey.get(m.field)?.label ?? m.field} · ${t(`dashboards.metrics.${m.op}`)}`
        : t(`dashboards.metrics.${m.op}`);
    return { label, metricLabel, byKey };
  }, [fields, t]);
}

/** One widget's content from its data: KPI card, chart, pivot table or record list; a click drills into the records. */
export function WidgetView({ widget, data }: { widget: Widget; data: WidgetData | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm(widget.formId);
  const fields = useMemo(() => form.data?.fields ?? [], [form.data]);
  const { label, metricLabel, byKey } = useLabels(fields);
  const rows = data?.rows;
  const chart = useMemo(
    () => (rows && widget.query ? chartData(widget, rows, label, metricLabel) : undefined),
    [rows, widget, label, metricLabel],
  );
  const option = useMemo(
    () => (chart ? chartOption(widget.type, chart, !!widget.options?.stacked) : undefined),
    [chart, widget.type, widget.options?.stacked],
  );

  if (!data) return null;
  if (data.error) return <Typography.Text type="warning">{data.error.message}</Typography.Text>;
  const metric = widget.query?.metrics[0];
  const metricField = metric?.field ? byKey.get(metric.field) : undefined;
  if (widget.type === 'kpi' && data.kpi)
    return <KpiCard kpi={data.kpi} field={metric?.op === 'count' ? undefined : metricField} />;
  if (widget.type === 'list') {
    const keys = widget.list?.fields?.length ? widget.list.fields : fields.slice(0, 4).map((f) => f.key);
    return (
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.records ?? []}
        onRow={(r) => ({
          onClick: () => navigate(`/forms/${widget.formId}?record=${r.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={keys
          .filter((k) => byKey.has(k))
          .map((k) => ({
            key: k,
            title: byKey.get(k)!.label,
            ellipsis: true,
            render: (_: unknown, r: { fields: Record<string, unknown> }) => (
              <FieldCell field={byKey.get(k)!} value={r.fields[k]} />
            ),
          }))}
      />
    );
  }
  if (!rows?.length || !chart)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.noData')} />;
  const groups = groupsOf(widget);
  const drill = (i: number) => {
    if (!groups.length) return;
    const filter = drillFilter(widget.query?.filter as never, groups[0], chart.keys[i]);
    navigate(`/forms/${widget.formId}?filter=${encodeURIComponent(JSON.stringify(filter))}`);
  };
  if (widget.type === 'pivot' || widget.type === 'matrix') {
    const name = metric ? metricName(metric) : 'count';
    return (
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={chart.categories.map((c, i) => ({ c, i, values: chart.series.map((s) => s.values[i]) }))}
        onRow={(r) => ({ onClick: () => drill(r.i), style: { cursor: 'pointer' } })}
        columns={[
          {
            key: 'c',
            title: groups[0] ? (byKey.get(groups[0].field)?.label ?? groups[0].field) : '',
            dataIndex: 'c',
          },
          ...chart.series.map((s, j) => ({
            key: `s${j}`,
            title: s.name,
            align: 'right' as const,
            render: (_: unknown, r: { values: number[] }) =>
              formatValue(r.values[j], metric?.op === 'count' ? undefined : metricField),
          })),
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('dashboards.total')}</Typography.Text>
            </Table.Summary.Cell>
            {chart.series.map((s, j) => (
              <Table.Summary.Cell key={j} index={j + 1} align="right">
                <Typography.Text strong>
                  {name &&
                    formatValue(
                      s.values.reduce((a, b) => a + b, 0),
                      metric?.op === 'count' ? undefined : metricField,
                    )}
                </Typography.Text>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        )}
      />
    );
  }
  return <EChart option={option!} onClick={groups.length ? (i) => drill(i) : undefined} />;
}
