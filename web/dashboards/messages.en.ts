import type { dashboardsZh } from './messages';

/** English for messages.ts, loaded with the rest of the English texts (web/i18n). */
export const dashboardsEn: typeof dashboardsZh = {
  menu: 'Dashboards', title: 'Dashboards', new: 'New dashboard', newName: 'New dashboard', empty: 'No dashboards yet', emptyHint: 'Summarize your forms with charts and KPI cards',
  name: 'Dashboard name', rename: 'Rename', deleteConfirm: 'Delete the dashboard "{{name}}"?', edit: 'Edit layout', done: 'Done', saved: 'Dashboard saved',
  addWidget: 'Add widget', noWidgets: 'This dashboard has no widgets yet', noWidgetsHint: 'Click "Add widget" for a chart, KPI card or record list', refresh: 'Refresh data',
  updatedAt: 'Data as of {{at}}', dragHint: 'Drag the title bar to move, the lower right corner to resize', editWidget: 'Edit widget', removeWidget: 'Remove widget', removeConfirm: 'Remove the widget "{{title}}"?',
  drillHint: 'Click the chart to see its records', noData: 'No data', unsaved: 'The layout has unsaved changes',
  type: { kpi: 'KPI card', bar: 'Bar chart', line: 'Line chart', area: 'Area chart', pie: 'Pie chart', funnel: 'Funnel', pivot: 'Pivot table', list: 'Record list', matrix: 'Matrix' },
  editor: {
    title: 'Widget settings', widgetTitle: 'Title', widgetTitlePlaceholder: 'e.g. Signed this month', form: 'Data from', pickForm: 'Pick a form', type: 'Type',
    groupBy: 'Group by', groupBy2: 'Then by (optional)', none: 'No grouping', bucket: 'Date bucket', metric: 'Measure', metricField: 'Of field', filter: 'Filter',
    period: 'Period', periodField: 'By date field', periodNone: 'All time', target: 'Target', thresholds: 'Thresholds', thresholdHint: 'The color shown once the rate reaches the value',
    addThreshold: 'Add threshold', compare: 'Compare with the previous period', listFields: 'Columns', listSort: 'Sort by', listLimit: 'Rows', descending: 'Descending', sortNone: 'Default',
    stacked: 'Stacked', invalid: 'Give a title and pick a form', preview: 'Preview',
  },
  buckets: { day: 'By day', week: 'By week', month: 'By month', quarter: 'By quarter', year: 'By year' },
  periods: { day: 'Today', week: 'This week', month: 'This month', quarter: 'This quarter', year: 'This year' },
  metrics: { count: 'Count', sum: 'Sum', avg: 'Average', min: 'Minimum', max: 'Maximum' },
  kpi: { actual: 'Actual', target: 'Target', rate: 'Achieved', previous: 'Previous', change: 'Change', noTarget: 'No target' },
  colors: { red: 'Red', orange: 'Orange', gold: 'Yellow', green: 'Green', blue: 'Blue' },
  empty_: '(empty)', total: 'Total',
};
