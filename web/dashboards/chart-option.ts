import type { Widget } from '../api/dashboards';
import type { ChartData } from './chart-data';
import type { ChartOption } from './echart';

const PALETTE = [
  '#1677ff',
  '#52c41a',
  '#faad14',
  '#f5222d',
  '#722ed1',
  '#13c2c2',
  '#eb2f96',
  '#fa8c16',
  '#2f54eb',
  '#a0d911',
];

/** The ECharts option of a bar, line, area, pie or funnel widget. */
export function chartOption(type: Widget['type'], data: ChartData, stacked: boolean): ChartOption {
  const legend =
    data.series.length > 1 || type === 'pie' || type === 'funnel'
      ? { bottom: 0, type: 'scroll' as const }
      : undefined;
  if (type === 'pie' || type === 'funnel') {
    const first = data.series[0]?.values ?? [];
    const items = data.categories.map((name, i) => ({ name, value: first[i] ?? 0 }));
    return {
      color: PALETTE,
      tooltip: { trigger: 'item' },
      legend,
      series: [
        type === 'pie'
          ? {
              type: 'pie',
              radius: ['38%', '68%'],
              center: ['50%', '45%'],
              data: items,
              label: { formatter: '{b}: {d}%' },
            }
          : {
              type: 'funnel',
              left: '10%',
              width: '80%',
              top: 8,
              bottom: 36,
              sort: 'descending',
              data: items,
              label: { formatter: '{b}: {c}' },
            },
      ],
    };
  }
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend,
    grid: { left: 8, right: 16, top: 16, bottom: legend ? 32 : 8, containLabel: true },
    xAxis: { type: 'category', data: data.categories, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value' },
    series: data.series.map((s) =>
      type === 'bar'
        ? {
            type: 'bar' as const,
            name: s.name,
            data: s.values,
            stack: stacked ? 'total' : undefined,
            barMaxWidth: 36,
          }
        : {
            type: 'line' as const,
            name: s.name,
            data: s.values,
            smooth: true,
            stack: stacked ? 'total' : undefined,
            areaStyle: type === 'area' ? { opacity: 0.25 } : undefined,
          },
    ),
  } as ChartOption;
}
