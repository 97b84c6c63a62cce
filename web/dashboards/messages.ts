/** Dashboard texts (`dashboards.*`), zh-CN and en under the same keys. */
export const dashboardsZh = {
  menu: '仪表盘', title: '仪表盘', new: '新建仪表盘', newName: '新仪表盘', empty: '还没有仪表盘', emptyHint: '用图表和 KPI 卡片汇总各表单的数据',
  name: '仪表盘名称', rename: '重命名', deleteConfirm: '删除仪表盘“{{name}}”？', edit: '编辑布局', done: '完成', saved: '仪表盘已保存',
  addWidget: '添加组件', noWidgets: '这个仪表盘还没有组件', noWidgetsHint: '点击“添加组件”加入图表、KPI 卡片或记录列表', refresh: '刷新数据',
  updatedAt: '数据更新于 {{at}}', dragHint: '拖动标题栏移动，拖动右下角调整大小', editWidget: '编辑组件', removeWidget: '删除组件', removeConfirm: '删除组件“{{title}}”？',
  drillHint: '点击图表查看对应记录', noData: '暂无数据', unsaved: '布局有未保存的修改',
  type: { kpi: 'KPI 卡片', bar: '柱状图', line: '折线图', area: '面积图', pie: '饼图', funnel: '漏斗图', pivot: '透视表', list: '记录列表', matrix: '矩阵' },
  editor: {
    title: '组件设置', widgetTitle: '标题', widgetTitlePlaceholder: '例如：本月签约额', form: '数据来源', pickForm: '选择表单', type: '类型',
    groupBy: '分组字段', groupBy2: '再按（可选）', none: '不分组', bucket: '日期分组', metric: '统计', metricField: '统计字段', filter: '筛选条件',
    period: '统计周期', periodField: '按日期字段', periodNone: '全部时间', target: '目标值', thresholds: '达成率阈值', thresholdHint: '达成率达到该值时显示对应颜色',
    addThreshold: '添加阈值', compare: '与上一周期比较', listFields: '显示字段', listSort: '排序字段', listLimit: '显示条数', descending: '降序', sortNone: '默认',
    stacked: '堆叠显示', invalid: '请填写标题并选择表单', preview: '预览',
  },
  buckets: { day: '按天', week: '按周', month: '按月', quarter: '按季度', year: '按年' },
  periods: { day: '今天', week: '本周', month: '本月', quarter: '本季度', year: '今年' },
  metrics: { count: '计数', sum: '求和', avg: '平均值', min: '最小值', max: '最大值' },
  kpi: { actual: '实际', target: '目标', rate: '达成率', previous: '上期', change: '环比', noTarget: '未设目标' },
  colors: { red: '红', orange: '橙', gold: '黄', green: '绿', blue: '蓝' },
  empty_: '（空）', total: '合计',
};
