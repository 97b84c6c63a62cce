/** The automation builder's texts (`automations.*`), zh-CN and en under the same keys. */
export const automationsZh = {
  menu: '自动化', title: '自动化', subtitle: '当……如果……就……：记录变化、定时或外部调用时自动执行动作。', new: '新建自动化', empty: '还没有自动化',
  emptyHint: '例如：记录互动时如有“后续行动”，自动创建一条任务', name: '名称', namePlaceholder: '例如：互动后续行动自动建任务',
  trigger: '触发', lastRun: '最近运行', never: '从未运行', enabled: '启用', disabled: '停用', enabledOn: '已启用', enabledOff: '已停用',
  edit: '编辑', deleteConfirm: '删除自动化“{{name}}”及其运行记录？', back: '返回自动化列表', saved: '自动化已保存', save: '保存',
  invalid: '保存失败：{{message}}', unsaved: '请先保存，再测试运行', design: '设计', runs: '运行日志', test: '测试运行',
  when: '当', if: '如果', then: '就', whenHint: '选择什么时候运行', ifHint: '只有满足这些条件的记录才继续（可不填）', thenHint: '按顺序执行；拖动左侧把手调整顺序',
  form: '表单', pickForm: '选择表单', noCondition: '没有条件：每次触发都执行',
  triggerType: {
    record_created: '记录创建', record_updated: '记录更新', record_deleted: '记录删除', state_changed: '状态变更', schedule: '定时',
    date: '日期字段前后', sla_breached: '超时', webhook: 'Webhook', button: '按钮',
  },
  triggerHelp: {
    record_created: '新建一条记录后运行', record_updated: '修改记录后运行', record_deleted: '记录被删除（移入回收站）后运行',
    state_changed: '流程状态改变后运行', schedule: '按固定时间运行', date: '在记录的某个日期前后 N 天运行', sla_breached: '记录在某状态停留超过时限时运行',
    webhook: '外部系统调用专用地址时运行', button: '在记录详情中点击按钮运行',
  },
  onlyFields: '仅当这些字段变化时', anyField: '任意字段变化', fromState: '从状态', toState: '到状态', anyState: '任意状态',
  preset: '频率', presets: { daily: '每天', weekly: '每周', monthly: '每月', custom: '自定义 (cron)' }, at: '时间', weekday: '星期', dayOfMonth: '日期',
  weekdays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'], dayN: '{{n}} 日', cron: 'Cron 表达式', cronHelp: '分 时 日 月 周，例如 0 8 * * 1-5', timeZone: '时区',
  scheduleForm: '对哪些记录（可选）', scheduleNoForm: '不针对记录（运行一次）', dateField: '日期字段', offset: '提前/推后', before: '之前', after: '之后', onTheDay: '当天',
  days: '天', yearly: '每年重复（如生日）', slaState: '状态', hookUrl: '调用地址', hookAfterSave: '保存后生成地址和密钥', hookSecret: '密钥', requiredKeys: '必须包含的字段',
  buttonLabel: '按钮文字',
  condition: { add: '添加条件', and: '且', or: '或', all: '满足全部', any: '满足任一', field: '字段', op: '条件', value: '值', json: 'JSON', complex: '此条件较复杂，请以 JSON 编辑', invalidJson: 'JSON 格式不正确', expression: '插入字段值' },
  ops: {
    eq: '等于', ne: '不等于', gt: '大于', gte: '大于等于', lt: '小于', lte: '小于等于', in: '属于', nin: '不属于', contains: '包含', notContains: '不包含',
    startsWith: '开头是', isEmpty: '为空', isNotEmpty: '不为空', between: '介于',
  },
  today: '今天', system: { id: '记录 ID', state: '状态', ownerId: '负责人', departmentId: '所属部门', createdAt: '创建时间', createdBy: '创建人', updatedAt: '更新时间', updatedBy: '修改人' },
  palette: '添加动作', noActions: '从下方添加第一个动作',
  actionType: {
    createRecord: '新建记录', updateRecord: '更新记录', upsert: '新建或更新', setState: '变更状态', assign: '分配负责人', notify: '发送通知',
    webhook: '调用 Webhook', wait: '等待', branch: '条件分支',
  },
  action: {
    targetForm: '在表单', mapping: '字段赋值', addMapping: '添加字段', targetField: '目标字段', valueOf: '值', valuePlaceholder: '输入值或插入字段',
    insert: '插入', triggerFields: '触发记录的字段', special: '其他', todayPlus: '今天 + {{n}} 天', now: '当前时间', ownerOfRecord: '记录负责人',
    owner: '负责人（可选）', thisRecord: '更新触发记录', upsertKey: '按此字段匹配', to: '变更到', comment: '备注', strategy: '分配方式',
    strategies: { fixed: '指定成员', roundRobin: '部门内轮流', leastLoaded: '部门内最空闲' }, user: '成员', department: '部门',
    recipients: '通知谁', toOwner: '记录负责人', toCreator: '自动化创建人', toUsers: '指定成员（ID 或表达式）', toField: '成员字段',
    titleText: '标题', bodyText: '内容', url: '地址', method: '方法', body: '请求体 (JSON)', waitFor: '等待时长', waitUntil: '等到（日期或表达式）',
    branchIf: '如果', branchThen: '则', branchElse: '否则', remove: '删除动作', move: '拖动排序', step: '第 {{n}} 步', collapse: '收起', expand: '展开',
  },
  testDialog: {
    title: '测试运行', hint: '选择一条记录，预演自动化会做什么；不会保存任何修改，也不会真正发送 Webhook。', record: '记录', pickRecord: '选择记录',
    payload: '请求体 (JSON)', run: '预演', condition: '条件', matched: '满足', notMatched: '不满足，不会执行动作', wouldDo: '将会执行',
  },
  status: { running: '运行中', waiting: '等待中', succeeded: '成功', failed: '失败', skipped: '已跳过', loop_cut: '循环中止' },
  log: {
    at: '时间', status: '状态', event: '触发', duration: '耗时', error: '错误', retry: '重试', retried: '已重新运行', steps: '动作结果',
    input: '输入', output: '输出', attempts: '尝试 {{n}} 次', empty: '还没有运行记录', refresh: '刷新', record: '记录', version: '版本 {{v}}',
  },
  events: { created: '记录创建', updated: '记录更新', deleted: '记录删除', state_changed: '状态变更', sla_breached: '超时', schedule: '定时', date: '日期', webhook: 'Webhook', button: '按钮', test: '测试' },
  summary: {
    createRecord: '在“{{form}}”新建记录', updateRecord: '更新触发记录', updateWhere: '更新“{{form}}”中符合条件的记录', upsert: '在“{{form}}”新建或更新',
    setState: '变更状态到 {{to}}', assign: '分配负责人', notify: '通知：{{title}}', webhook: '{{method}} {{url}}', wait: '等待 {{what}}', branch: '如果……则……否则……',
  },
};
