/** 简体中文 (default). Every user-visible text lives here and in en.ts, under the same keys. */
const zhCN = {
  app: { name: 'Tessera', tagline: '低代码客户管理平台' },
  common: {
    ok: '确定', cancel: '取消', save: '保存', saving: '保存中…', delete: '删除', edit: '编辑', rename: '重命名', create: '新建',
    close: '关闭', reload: '重新加载', loading: '加载中…', retry: '重试', search: '搜索', name: '名称', description: '描述',
    actions: '操作', confirmDelete: '确定删除吗？', deleted: '已删除', saved: '已保存', created: '已创建', empty: '暂无数据',
    yes: '是', no: '否', unknownError: '出错了，请稍后再试', networkError: '无法连接服务器', notFound: '找不到该页面', backHome: '返回首页',
    required: '必填',
  },
  auth: {
    title: '登录 Tessera', subtitle: '使用您的工作邮箱登录', email: '邮箱', password: '密码', login: '登录',
    emailRequired: '请输入邮箱', passwordRequired: '请输入密码', failed: '邮箱或密码不正确', logout: '退出登录', loggedOut: '已退出登录',
  },
  shell: {
    home: '工作台', apps: '应用', searchPlaceholder: '搜索应用和表单', notifications: '通知', notificationsSoon: '暂无新通知',
    language: '语言', profile: '个人信息', collapse: '收起菜单', noForms: '暂无表单',
  },
  apps: {
    title: '我的应用', subtitle: '应用由若干表单组成；在表单设计器中拖入字段即可搭建业务系统。', newApp: '新建应用', appName: '应用名称',
    appNamePlaceholder: '例如：客户管理', renameApp: '重命名应用', deleteApp: '删除应用',
    deleteConfirm: '删除应用“{{name}}”及其全部表单和数据？此操作不可撤销。', newForm: '新建表单', formName: '表单名称',
    formNamePlaceholder: '例如：客户信息档案', formKey: '表单标识', formKeyHelp: '英文字母、数字和下划线，以字母或下划线开头；供脚本和模板引用。',
    formKeyInvalid: '只能包含英文字母、数字和下划线，且不能以数字开头', empty: '还没有应用', emptyHint: '新建一个应用开始搭建您的 CRM',
    forms: '{{count}} 个表单', openData: '数据', openBuilder: '设计', noMatch: '没有与“{{q}}”匹配的应用或表单',
  },
  data: {
    newRecord: '新建记录', design: '设计表单', searchPlaceholder: '搜索记录', total: '共 {{count}} 条记录', loadingMore: '正在加载更多…',
    noFields: '此表单还没有字段', noFieldsHint: '先在表单设计器中添加字段', noRecords: '暂无记录', rowNumber: '序号',
    sortAsc: '升序', sortDesc: '降序', createdAt: '创建时间', updatedAt: '更新时间', allLoaded: '已全部加载',
  },
  record: {
    newTitle: '新建记录', detailTitle: '记录详情', created: '记录已创建', saved: '修改已保存', deleted: '记录已移入回收站',
    deleteConfirm: '删除此记录？可在回收站中恢复。', tabDetails: '详情', tabHistory: '修改记录', invalid: '请检查标红的字段',
    conflictTitle: '该记录已被其他人修改', conflictText: '重新加载以查看最新内容；您尚未保存的修改将丢失。',
    noChanges: '没有需要保存的修改', meta: '由 {{user}} 创建于 {{at}}', version: '版本 {{version}}',
  },
  history: {
    empty: '暂无修改记录', by: '{{user}}', emptyValue: '（空）', changeLabel: '{{label}}：',
    action: { create: '创建了记录', created: '创建了记录', update: '修改了记录', updated: '修改了记录', delete: '删除了记录', deleted: '删除了记录', restore: '恢复了记录', restored: '恢复了记录', transition: '变更了状态' },
  },
  fieldGroups: { basic: '基础', choice: '选择', date: '日期', people: '人员与部门', computed: '关联与计算', file: '文件' },
  fieldTypes: {
    text: '单行文本', textarea: '多行文本', number: '数字', currency: '金额', percent: '百分比', rating: '评分', email: '邮箱', phone: '电话', url: '网址',
    select: '单选', multiselect: '多选', checkbox: '复选框', date: '日期', datetime: '日期时间', member: '成员', department: '部门',
    relation: '关联记录', lookup: '引用字段', rollup: '汇总', formula: '公式', autonumber: '自动编号', attachment: '附件',
  },
  builder: {
    title: '表单设计', design: '设计', preview: '预览', undo: '撤销', redo: '重做', save: '保存表单', saved: '表单已保存', openData: '查看数据',
    palette: '字段', paletteHint: '拖动或点击添加字段', canvasEmpty: '从左侧拖入字段', canvasEmptyHint: '也可以点击字段类型直接添加到末尾',
    properties: '字段属性', formSettings: '表单设置', noSelection: '选择一个字段以编辑其属性', duplicate: '复制', remove: '删除',
    unsavedTitle: '有未保存的修改', unsavedText: '离开后，未保存的修改将丢失。确定离开吗？', leave: '离开', stay: '留下',
    invalid: '保存失败：请修正标红的字段', conflict: '表单已被其他人修改，请重新加载后再编辑。', localInvalid: '请先修正标红的字段',
    fieldErrors: '{{count}} 处问题', dragHandle: '拖动排序', required: '必填', unique: '唯一', readOnly: '自动计算',
    newOption: '选项{{n}}', move: '移动',
    prop: {
      label: '字段名称', key: '字段标识', keyHelp: '供公式、脚本和模板引用，例如 customerName', type: '字段类型', required: '必填', unique: '不允许重复',
      help: '提示文字', placeholder: '占位文字', default: '默认值', options: '选项', addOption: '添加选项', optionLabel: '显示名称', optionValue: '值',
      color: '颜色', display: '显示方式', dropdown: '下拉框', radio: '单选按钮', min: '最小值', max: '最大值', precision: '小数位数',
      minDate: '最早日期', maxDate: '最晚日期', maxStars: '星数', currency: '币种', minLength: '最少字数', maxLength: '最多字数',
      format: '编号规则', formatHelp: '{YYYY} 年 {YY} 年(两位) {MM} 月 {DD} 日，{0000} 为计数器（位数即补零长度）', example: '示例：{{example}}',
      expression: '公式', expressionHelp: '用 {字段标识} 引用字段，例如 {amount} * 0.1', formId: '关联表单', multiple: '允许多个',
      relationField: '关联字段', targetField: '显示字段', op: '汇总方式', maxFiles: '最多文件数', accept: '允许的文件类型',
      defaultToday: '默认今天', defaultNow: '默认当前时间', defaultMe: '当前用户', defaultMyDepartment: '当前用户所在部门', sensitive: '敏感信息（脱敏显示）',
      formName: '表单名称', formKey: '表单标识', noRelation: '先添加一个关联记录字段',
    },
    ops: { count: '计数', sum: '求和', avg: '平均值', min: '最小值', max: '最大值' },
    problem: {
      keyInvalid: '只能包含英文字母、数字和下划线，且不能以数字开头', keyDuplicate: '字段标识重复', required: '不能为空',
      noOptions: '至少需要一个选项', optionDuplicate: '选项的值不能重复',
    },
    autonumber: {
      tooShort: '至少 3 个字符', oneCounter: '需要且只能有一个计数器，如 {0000}', counterTooLong: '计数器最多 12 位',
      unknownToken: '含有未知的 {标记}；可用 {YYYY} {YY} {MM} {DD} {000}',
    },
    migration: {
      title: '表单已保存，数据已迁移', addedColumns: '新增字段', converted: '转换类型', removed: '移除字段（数据保留，可恢复）',
      restored: '恢复字段', recomputed: '重新计算', nothing: '数据无需变更', convertedItem: '{{key}}：{{from}} → {{to}}', failed: '（{{count}} 条无法转换）',
    },
  },
  widgets: {
    memberPlaceholder: '输入成员 ID', departmentPlaceholder: '输入部门 ID', relationPlaceholder: '输入关联记录 ID',
    attachmentSoon: '附件上传即将推出', files: '{{count}} 个文件',
  },
  validation: {
    required: '必填', type: '格式不正确', minimum: '不能小于 {{limit}}', maximum: '不能大于 {{limit}}', minLength: '至少 {{limit}} 个字符',
    maxLength: '最多 {{limit}} 个字符', format: '格式不正确', maxItems: '最多选择 {{limit}} 项', oneOf: '请选择一个选项', const: '请选择一个选项',
    enum: '请选择一个选项', uniqueItems: '不能有重复项',
  },
  language: { 'zh-CN': '简体中文', en: 'English' },
};

export default zhCN;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language file has. */
export type Messages = Widen<typeof zhCN>;
