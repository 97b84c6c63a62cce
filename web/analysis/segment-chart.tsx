import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SegmentCount } from '../api/segments';
import type { FieldDef } from '../api/types';
import { SEGMENT_COLORS, gridCells } from './segment-grid';

interface Props {
  model: 'rfm' | 'matrix';
  items: readonly SegmentCount[];
  /** The target field, for showing an option's label. */
  target?: FieldDef;
  onPick: (value: string) => void;
}

/** The matrix chart: RFM as 2×4 colored cells (important / general × R·F), the value–potential model as 2×2 quadrants. */
export function SegmentChart({ model, items, target, onPick }: Props) {
  const { t } = useTranslation();
  const cells = gridCells(model, items);
  const optionLabel = (v?: string) =>
    v ? (target?.options?.find((o) => o.value === v)?.label ?? v) : undefined;
  const name = (segment: string) =>
    model === 'rfm' ? t(`analysis.segment.rfm.${segment}`) : t(`analysis.segment.quadrant.${segment}`);
  return (
    <div className={`segment-chart segment-chart-${model}`}>
      {model === 'rfm' && (
        <div className="segment-row-heads">
          <span>{t('analysis.segment.important')}</span>
          <span>{t('analysis.segment.general')}</span>
        </div>
      )}
      {model === 'matrix' && <div className="segment-axis-y">{t('analysis.segment.axisPotential')} ↑</div>}
      <div className="segment-grid" role="grid">
        {cells.map((row, i) => (
          <div className="segment-grid-row" role="row" key={i}>
            {row.map((c) => {
              const label = optionLabel(c.value);
              return (
                <button
                  type="button"
                  role="gridcell"
                  key={c.segment}
                  className="segment-cell"
                  data-testid={`segment-${c.segment}`}
                  style={{ background: SEGMENT_COLORS[c.segment as keyof typeof SEGMENT_COLORS] }}
                  disabled={!c.value}
                  onClick={() => c.value && onPick(c.value)}
                  aria-label={`${label ?? name(c.segment)} ${c.count}`}
                >
                  <span className="segment-cell-name">{label ?? name(c.segment)}</span>
                  {label && label !== name(c.segment) && (
                    <span className="segment-cell-sub">{name(c.segment)}</span>
                  )}
                  {model === 'rfm' && (
                    <span className="segment-cell-sub">{t(`analysis.segment.rfmShort.${c.segment}`)}</span>
                  )}
                  <span className="segment-cell-count">{c.count}</span>
                </button>
              );
            })}
          </div>
        ))}
      </div>
      {model === 'matrix' && <div className="segment-axis-x">{t('analysis.segment.axisValue')} →</div>}
      <Typography.Text type="secondary" className="segment-chart-hint">
        {t('analysis.segment.total', { count: items.reduce((a, b) => a + b.count, 0) })} ·{' '}
        {t('analysis.segment.chartHint')}
      </Typography.Text>
    </div>
  );
}
