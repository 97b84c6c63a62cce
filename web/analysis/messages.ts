/** Analysis texts (`analysis.*`): customer segmentation, churn warning, record buttons. zh-CN and en under the same keys. */
export const analysisZh = {
  menu: '分析', segments: '客户分层', churn: '流失预警', back: '返回数据',
  segment: {
    title: '客户分层', model: '分层模型', models: { rfm: 'RFM 模型', matrix: '价值–潜力矩阵' },
    modelHint: {
      rfm: '按最近合作时间（R）、合作频次（F）和合作金额（M）的高低，把客户分成 8 类。',
      matrix: '按客户价值和潜力两个数值的高低，把客户分成 4 个象限。',
    },
    notSet: '还没有设置分层规则', notSetHint: '设置分层规则后，每条记录的分层字段会自动计算并保持更新。', notSetReadOnly: '请联系表单管理员设置分层规则',
    chart: '分层分布', chartHint: '点击格子查看该分层的客户', total: '共 {{count}} 位客户', count: '{{count}} 位',
    rules: '当前规则', writesTo: '写入字段', settings: '分层设置', save: '保存并重新分层', saved: '已保存，共重新分层 {{count}} 条记录',
    invalid: '设置有误，请检查标红的内容', manageOnly: '只有表单管理员可以修改分层设置',
    targetField: '分层字段', targetHelp: '分层结果写入这个单选或文本字段',
    recencyField: '最近合作时间字段', recentDays: '近期天数', recentHelp: '在这么多天内有合作算“近”',
    frequencyField: '合作频次字段', frequencyThreshold: '频次阈值', monetaryField: '合作金额字段', monetaryThreshold: '金额阈值',
    valueField: '价值字段', valueThreshold: '价值阈值', potentialField: '潜力字段', potentialThreshold: '潜力阈值', thresholdHelp: '大于或等于阈值算“高”',
    mapping: '分层 → 选项', mappingHelp: '每个分层写入分层字段的哪个选项', pickField: '选择字段', pickOption: '选择选项',
    high: '高', low: '低', axisValue: '价值', axisPotential: '潜力', important: '重要客户（金额高）', general: '一般客户（金额低）',
    rfm: {
      importantValue: '重要价值客户', importantDevelop: '重要发展客户', importantKeep: '重要保持客户', importantRetain: '重要挽留客户',
      generalValue: '一般价值客户', generalDevelop: '一般发展客户', generalKeep: '一般保持客户', generalRetain: '一般挽留客户',
    },
    rfmShort: {
      importantValue: '近期·高频', importantDevelop: '近期·低频', importantKeep: '久未合作·高频', importantRetain: '久未合作·低频',
      generalValue: '近期·高频', generalDevelop: '近期·低频', generalKeep: '久未合作·高频', generalRetain: '久未合作·低频',
    },
    quadrant: { highHigh: '高价值 · 高潜力', highLow: '高价值 · 低潜力', lowHigh: '低价值 · 高潜力', lowLow: '低价值 · 低潜力' },
    churnSettings: '流失预警设置', churnOff: '不启用流失预警', relationField: '互动记录关联字段', relationHelp: '本表单中关联到互动/跟进记录的字段',
    dateField: '互动日期字段', dateHelp: '互动记录表单中的日期字段', inactiveDays: '多少天无互动算流失风险', windowDays: '比较周期（天）',
    dropRatio: '互动下降比例', dropHelp: '近一个周期的互动数不超过上一个周期的该比例时提醒', minPrevious: '上一周期至少互动次数',
  },
  churnPage: {
    title: '流失预警', hint: '长时间没有互动，或互动次数明显下降的客户', inactive: '{{count}} 天无互动', inactiveLabel: '无互动天数',
    customer: '客户', reason: '原因', lastInteraction: '最近互动', never: '从未互动', recent: '近期互动', previous: '上一周期', trend: '近期 / 上期',
    empty: '没有需要预警的客户', emptyHint: '所有客户最近都有互动',
    notSet: '还没有设置流失预警', notSetHint: '流失预警根据客户关联的互动记录计算。请在“客户分层”页面的设置中选择：① 本表单中关联互动记录的字段；② 互动记录中的日期字段。',
    openSettings: '去设置', count: '{{count}} 位客户需要关注',
  },
  run: { button: '运行：{{name}}', started: '“{{name}}”已开始运行', failed: '“{{name}}”运行失败：{{error}}' },
};
