import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Kpi } from '../api/dashboards';
import type { FieldDef } from '../api/types';
import { formatCurrency, formatNumber } from '../format/format';

/** Threshold color names the editor offers, as hex. */
export const THRESHOLD_COLORS: Record<string, string> = {
  red: '#f5222d',
  orange: '#fa8c16',
  gold: '#faad14',
  green: '#52c41a',
  blue: '#1677ff',
};
const colorOf = (c: string | null) => (c ? (THRESHOLD_COLORS[c] ?? c) : undefined);

/** A value formatted as its field shows it (money with a currency sign). */
export function formatValue(v: number | null, field: FieldDef | undefined): string {
  if (v === null || v === undefined) return '—';
  if (field?.type === 'currency') return formatCurrency(v, field.currency);
  return formatNumber(v, field?.precision ?? (Number.isInteger(v) ? 0 : 2));
}

/** A KPI card: the actual value large, the target, 达成率 as a bar colored by threshold, and the change on the previous period. */
export function KpiCard({ kpi, field }: { kpi: Kpi; field: FieldDef | undefined }) {
  const { t } = useTranslation();
  const color = colorOf(kpi.color);
  const ratePct = kpi.rate === null ? null : Math.round(kpi.rate * 1000) / 10;
  return (
    <div className="kpi-card">
      <div className="kpi-actual" style={{ color }} data-testid="kpi-actual">
        {formatValue(kpi.actual, field)}
      </div>
      {kpi.target !== null ? (
        <>
          <div className="kpi-line">
            <Typography.Text type="secondary">
              {t('dashboards.kpi.target')} {formatValue(kpi.target, field)}
            </Typography.Text>
            <Typography.Text strong style={{ color }}>
              {t('dashboards.kpi.rate')} {ratePct}%
            </Typography.Text>
          </div>
          <Progress percent={Math.min(100, ratePct ?? 0)} showInfo={false} strokeColor={color} size="small" />
        </>
      ) : (
        <Typography.Text type="secondary">{t('dashboards.kpi.noTarget')}</Typography.Text>
      )}
      {kpi.change !== null && (
        <div className="kpi-change">
          <Typography.Text type="secondary">{t('dashboards.kpi.change')} </Typography.Text>
          <Typography.Text type={kpi.change >= 0 ? 'success' : 'danger'}>
            {kpi.change >= 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />}{' '}
            {Math.abs(Math.round(kpi.change * 1000) / 10)}%
          </Typography.Text>
          <Typography.Text type="secondary">
            {' '}
            · {t('dashboards.kpi.previous')} {formatValue(kpi.previous, field)}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
