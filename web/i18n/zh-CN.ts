/** 简体中文 (default). Every user-visible text lives here and in en.ts, under the same keys. */
import { dataZhCN } from './data.zh-CN';
import { analysisZh } from '../analysis/messages';
import { automationsZh } from '../automations/messages';
import { dashboardsZh } from '../dashboards/messages';
import { importsZh } from '../imports/messages';
import { templatesZh } from '../templates/messages';

const zhCN = {
  ...dataZhCN,
  app: { name: 'Tessera', tagline: '低代码客户管理平台' },
  analysis: analysisZh,
  automations: automationsZh,
  dashboards: dashboardsZh,
  imports: importsZh,
  templates: templatesZh,
  common: {
    ok: '确定', cancel: '取消', save: '保存', saving: '保存中…', delete: '删除', edit: '编辑', rename: '重命名', create: '新建',
    close: '关闭', reload: '重新加载', loading: '加载中…', retry: '重试', search: '搜索', name: '名称', description: '描述',
    actions: '操作', confirmDelete: '确定删除吗？', deleted: '已删除', saved: '已保存', created: '已创建', empty: '暂无数据',
    yes: '是', no: '否', unknownError: '出错了，请稍后再试', networkError: '无法连接服务器', notFound: '找不到该页面', backHome: '返回首页',
    required: '必填',
  },
  public: {
    submit: '提交', thanks: '提交成功，感谢您的反馈！', thanksDetail: '您的回答已收到，可以关闭此页面。',
    closed: '该表单已关闭或链接已失效', tooMany: '提交过于频繁，请稍后再试', poweredBy: '由 Tessera 提供的在线表单',
  },
  auth: {
    title: '登录 Tessera', subtitle: '使用您的工作邮箱登录', email: '邮箱', password: '密码', login: '登录',
    emailRequired: '请输入邮箱', passwordRequired: '请输入密码', failed: '邮箱或密码不正确', logout: '退出登录', loggedOut: '已退出登录',
  },
  shell: {
    home: '工作台', apps: '应用', searchPlaceholder: '搜索客户、电话、编号', searchNoHits: '没有找到匹配的记录', untitled: '（无标题）', notifications: '通知', notificationsSoon: '暂无新通知',
    language: '语言', profile: '个人信息', collapse: '收起菜单', openMenu: '打开菜单', noForms: '暂无表单',
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
    newRecord: '新建记录', design: '设计表单', searchPlaceholder: '搜索记录', total: '共 {{count, number}} 条记录', loadingMore: '正在加载更多…',
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
  admin: {
    menu: '系统管理', title: '系统管理', forbidden: '只有管理员可以访问系统管理', forbiddenHint: '如需调整成员、部门或权限，请联系管理员。',
    tabs: { users: '成员', departments: '部门', roles: '角色与权限', audit: '审计日志', backups: '备份' },
    users: {
      search: '搜索姓名、邮箱或手机号', invite: '邀请成员', name: '姓名', email: '邮箱', phone: '手机号', departments: '部门', mainDepartment: '主部门',
      roles: '角色', status: '状态', active: '正常', inactive: '已停用', admin: '管理员', you: '我', count: '共 {{count}} 人', all: '全部状态',
      deactivate: '停用', activate: '启用', deactivateConfirm: '停用“{{name}}”？其登录将立即失效，数据保留。', deactivated: '已停用 {{name}}', activated: '已启用 {{name}}',
      resetPassword: '重置密码', resetTitle: '重置“{{name}}”的密码', passwordReset: '密码已重置，该成员需要用新密码重新登录',
      inviteTitle: '邀请成员', editTitle: '编辑成员', firstPassword: '初始密码', firstPasswordHelp: '请通过安全渠道告知对方，登录后可在右上角菜单中修改',
      isAdmin: '系统管理员', isAdminHelp: '管理员拥有全部权限，可管理成员、部门和角色', invited: '已邀请 {{name}}', noUsers: '没有匹配的成员',
      emailTaken: '该邮箱已被其他成员使用', emailInvalid: '邮箱格式不正确', notForYourself: '不能停用自己或取消自己的管理员身份',
      rolesHelp: '部门继承的角色无需在此重复设置', inherited: '继承自部门',
    },
    departments: {
      add: '新建部门', addChild: '添加子部门', name: '部门名称', parent: '上级部门', topLevel: '无（顶级部门）', head: '部门负责人', noHead: '未设置',
      roles: '继承角色', rolesHelp: '本部门的成员自动拥有这些角色', members: '成员', memberCount: '{{count}} 人', deleteConfirm: '删除部门“{{name}}”？',
      notEmpty: '该部门下还有子部门或成员，请先移走', empty: '还没有部门', emptyHint: '新建部门以组织成员、划分数据范围', dragHint: '拖动部门可调整顺序和上下级',
      moved: '部门已移动', cannotMove: '不能把部门移到它自己或它的下级部门之下', selectHint: '在左侧选择一个部门查看和编辑', noMembers: '暂无成员',
      cycle: '不能把部门移到它自己或它的下级部门之下', created: '已创建部门 {{name}}',
    },
    roles: {
      add: '新建角色', name: '角色名称', description: '说明', empty: '还没有角色', emptyHint: '角色决定成员能看到哪些应用和表单、能做什么、能看到哪些数据',
      selectHint: '在左侧选择一个角色编辑其权限', deleteConfirm: '删除角色“{{name}}”？拥有该角色的成员和部门将失去相应权限。', saved: '角色已保存', created: '已创建角色 {{name}}',
      grants: '权限', addGrant: '添加权限', noGrants: '此角色还没有任何权限，成员将看不到任何数据', grantN: '权限 {{n}}', removeGrant: '删除此权限',
      target: '适用范围', targetAll: '全部应用', targetApp: '整个应用', targetForm: '单个表单', pickApp: '选择应用', pickForm: '选择表单', unknownTarget: '（已删除：{{id}}）',
      actions: '操作权限', manageHelp: '管理 = 修改表单设计、视图和流程；导出 = 把可查看的记录下载为 CSV / Excel', needAction: '至少选择一项操作权限',
      action: { read: '查看', create: '新增', update: '编辑', delete: '删除', manage: '管理', export: '导出' },
      scope: '数据范围', scopes: { own: '本人', department: '本部门', 'department-tree': '本部门及下级', all: '全部', filter: '自定义条件' },
      scopeHelp: { own: '负责人是自己的记录', department: '所属部门是自己所在部门的记录', 'department-tree': '所属部门是自己所在部门或其下级部门的记录', all: '全部记录', filter: '满足下列条件的记录' },
      fields: '字段权限', fieldsHint: '选择单个表单后可设置字段的隐藏和只读', fieldMode: { visible: '可见', readonly: '只读', hidden: '隐藏' }, noFields: '该表单还没有字段',
      sensitive: '敏感字段', sensitiveModes: { masked: '脱敏', full: '完整' }, sensitiveHelp: '列表中始终脱敏；选“完整”可在记录详情中查看完整内容',
      users: '{{count}} 名成员', departmentsUsing: '{{count}} 个部门', unsaved: '有未保存的修改', discard: '放弃修改', fixGrant: '权限 {{n}}：{{problem}}',
    },
    condition: {
      matchAll: '满足全部条件', matchAny: '满足任一条件', add: '添加条件', field: '字段', op: '条件', value: '值', json: '以 JSON 编辑', simple: '逐条编辑',
      tooComplex: '此条件包含嵌套分组，只能以 JSON 编辑', jsonInvalid: 'JSON 格式错误', shapeInvalid: '不是有效的筛选条件（位置：{{path}}）',
      opInvalid: '不支持的条件运算（位置：{{path}}）', valueHint: '多个值用逗号分隔；$me 代表当前用户，$myDepartments 代表当前用户的部门', none: '还没有条件：不限制',
      system: { ownerId: '负责人', departmentId: '所属部门', createdBy: '创建人', createdAt: '创建时间', updatedAt: '更新时间', state: '流程状态' },
      ops: {
        eq: '等于', ne: '不等于', gt: '大于', gte: '大于等于', lt: '小于', lte: '小于等于', in: '属于', nin: '不属于', contains: '包含', notContains: '不包含',
        startsWith: '开头是', isEmpty: '为空', isNotEmpty: '不为空',
      },
    },
    audit: {
      search: '搜索摘要、详情或 IP', action: '操作类型', user: '操作人', range: '时间范围', time: '时间', target: '对象', summary: '摘要', ip: 'IP',
      details: '详情', empty: '没有匹配的日志', loadMore: '加载更多', allLoaded: '已全部加载', allActions: '全部操作', system: '系统',
      groups: { auth: '登录与账号', directory: '成员与权限', definitions: '应用与表单', records: '记录', export: '导出', backups: '备份' },
      actions: {
        auth_login: '登录', auth_login_failed: '登录失败', auth_logout: '退出登录', auth_password_changed: '修改密码', token_created: '创建 API 令牌', token_revoked: '吊销 API 令牌',
        app_created: '创建应用', app_updated: '修改应用', app_deleted: '删除应用', form_created: '创建表单', form_updated: '修改表单', form_deleted: '删除表单',
        form_field_purged: '彻底删除字段', user_created: '邀请成员', user_updated: '修改成员', department_created: '创建部门', department_updated: '修改部门',
        department_deleted: '删除部门', role_created: '创建角色', role_updated: '修改角色', role_deleted: '删除角色', record_created: '新建记录',
        record_updated: '修改记录', record_deleted: '删除记录', record_restored: '恢复记录', record_sensitive_read: '查看敏感信息', record_public_duplicate: '问卷提交未保存（唯一值重复）', export: '导出数据',
        backup_started: '开始备份', backup_downloaded: '下载备份',
      },
    },
    backups: {
      intro: '系统按服务器设定的计划自动备份；每份备份包含完整数据库和全部附件，校验通过后才会保留。',
      backupNow: '立即备份', started: '已开始备份', name: '备份', time: '时间', size: '大小', status: '状态', kind: '类型', contents: '内容',
      download: '下载', empty: '暂无备份', records: '{{forms}} 个表单共 {{count}} 条记录，{{files}} 个文件',
      kinds: { scheduled: '定时', manual: '手动', 'pre-upgrade': '升级前' },
      statuses: { complete: '已完成', running: '进行中', failed: '失败' },
      restoreHint: '恢复时请先停止服务，再运行 npm run restore -- <备份文件>。',
    },
  },
  account: {
    changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '确认新密码', mismatch: '两次输入的密码不一致',
    rule: '至少 8 位，且同时包含字母和数字', wrongCurrent: '当前密码不正确', changed: '密码已修改，其他设备上的登录已退出',
    notificationSettings: '通知设置', mailNotifications: '邮件通知', mailHint: '站内通知同时发送到你的邮箱', mailOn: '已开启邮件通知', mailOff: '已关闭邮件通知',
    mailUnavailable: '服务器尚未配置邮件发送（SMTP），目前只会收到站内通知。', settingsLoadFailed: '通知设置加载失败',
  },
  inbox: {
    title: '通知', unread: '{{count}} 条未读', markAllRead: '全部已读', markRead: '标为已读', empty: '暂无通知', emptyHint: '有新的提醒时会显示在这里',
    loadFailed: '通知加载失败', allRead: '已全部标为已读',
  },
  workflow: {
    title: '流程设置', entry: '流程设置', back: '返回数据', save: '保存流程', saved: '流程已保存', version: '版本 {{version}}', unsavedMark: '未保存',
    noWorkflow: '此表单还没有流程', noWorkflowHint: '流程定义记录会经过哪些状态、谁可以推进、推进前要填什么，以及每个状态的处理时限。',
    useStarter: '使用推荐流程开始', useBlank: '从空白开始', loadFailed: '流程加载失败',
    starter: { todo: '待处理', doing: '处理中', done: '已完成', cancelled: '已取消', start: '开始处理', finish: '完成', cancel: '取消' },
    tabs: { transitions: '流转规则', sla: '时限与升级', variants: '部门差异' },
    states: '状态', statesHint: '拖动状态调整顺序；点击状态编辑名称、颜色、类别和只读字段', addState: '添加状态', newState: '新状态 {{n}}',
    initial: '初始状态', setInitial: '设为初始状态', stateKey: '状态标识', stateKeyHelp: '供接口和自动化引用，保存后请勿随意修改', stateLabel: '状态名称',
    color: '颜色', category: '类别', categories: { todo: '未开始', doing: '进行中', done: '已完成', cancelled: '已取消' },
    readonlyFields: '此状态下只读的字段', editState: '编辑状态', deleteState: '删除状态', dragState: '拖动调整顺序',
    deleteStateConfirm: '删除状态“{{name}}”？引用它的流转规则和时限会被标红，需要一并修改。', outgoing: '可流转到', noOutgoing: '没有流出的流转', recordsStart: '新记录从这里开始',
    addTransition: '添加流转', editTransition: '编辑流转', from: '从', to: '到', any: '任意状态', label: '按钮名称', labelPlaceholder: '例如：提交审批',
    who: '谁可以操作', whoAnyone: '可编辑记录的人', whoHelp: '满足任一条件即可；管理员始终可以操作', roles: '角色', departments: '部门（含下级）', owner: '记录负责人', userFields: '成员字段',
    requiredFields: '必填字段', requiredHelp: '流转前这些字段必须有值', requireComment: '需要填写备注', comment: '需备注', noTransitions: '还没有流转规则',
    noTransitionsHint: '添加流转规则，规定记录可以从哪个状态到哪个状态', deletedState: '已删除的状态（{{key}}）', deletedField: '已删除的字段（{{key}}）',
    deleteTransitionConfirm: '删除这条流转规则？', pickStates: '选择状态', conditions: '条件',
    addSla: '添加时限', editSla: '编辑时限', slaState: '状态', hours: '时限（小时）', hoursN: '{{count}} 小时', slaFrom: '计时起点', fromEntered: '进入该状态时',
    fromField: '日期字段：{{label}}', businessHours: '只计工作时间', businessHoursHelp: '周一至周五 09:00–18:00', escalations: '升级步骤', addEscalation: '添加升级步骤',
    afterHours: '超过（小时）', notify: '通知', moveTo: '转到状态', message: '提醒内容', messagePlaceholder: '例如：工单即将超时，请尽快处理', noSla: '还没有时限',
    noSlaHint: '为状态设置处理时限，超时后可自动通知相关人员或转到其他状态', slaSummary: '须在 {{hours}} 小时内离开', escalationAfter: '超过 {{hours}} 小时',
    notifyTargets: { owner: '记录负责人', departmentHead: '部门负责人', role: '角色：{{name}}', userField: '字段：{{name}}', user: '成员：{{name}}' },
    noEscalation: '没有升级步骤', deleteSlaConfirm: '删除这条时限？', limit: '时限', fromShort: '起点',
    addVariant: '添加部门差异', variantDepartment: '部门', variantName: '名称（可选）', base: '通用流程', variantFor: '{{name}}的流程',
    overrideTransitions: '自定义流转规则', overrideSla: '自定义时限', inherits: '沿用通用流程', noVariants: '还没有部门差异',
    noVariantsHint: '某个部门需要不同的流转规则或时限时在此添加；对其下级部门同样有效', removeVariant: '删除此部门差异', removeVariantConfirm: '删除“{{name}}”的部门差异？',
    pickDepartment: '选择部门', changes: { added: '新增 {{count}}', removed: '移除 {{count}}', changed: '修改 {{count}}', none: '与通用流程相同' },
    status: { same: '相同', changed: '已修改', removed: '此部门不可用', added: '新增' }, variantTransitions: '流转规则', variantSla: '时限',
    problems: { errors: '保存前请处理以下问题', warnings: '提示', server: '服务器未能保存', serverWarnings: '已保存，但请注意' },
    issue: {
      noStates: '至少需要一个状态', duplicateKey: '状态标识“{{name}}”重复', badKey: '状态标识“{{name}}”只能包含英文字母、数字和下划线',
      emptyLabel: '状态名称不能为空', noInitial: '请设置初始状态', unknownState: '引用了已删除的状态“{{name}}”', unknownField: '引用了不存在的字段“{{name}}”',
      notMemberField: '“{{name}}”不是成员字段', notDateField: '“{{name}}”不是日期字段', noTransitions: '还没有任何流转规则，记录将停在初始状态',
      unreachable: '没有流转能到达状态“{{name}}”', deadEnd: '“{{name}}”没有流出的流转，记录会停在这里', selfOnly: '流转的起点和终点都是“{{name}}”', noFrom: '请选择起始状态', badHours: '小时数必须大于 0',
      escalationLate: '升级步骤晚于时限', duplicateVariant: '同一个部门只能有一个部门差异', noDepartment: '请选择部门',
    },
    where: { state: '状态“{{name}}”', transition: '流转 {{n}}（{{name}}）', sla: '时限 {{n}}（{{name}}）', variant: '部门差异“{{name}}”', initial: '初始状态', workflow: '流程' },
    conflictTitle: '流程已被其他人修改', conflictText: '重新加载以获取最新版本；您尚未保存的修改将丢失。', unsavedTitle: '有未保存的修改', unsavedText: '离开后，未保存的修改将丢失。确定离开吗？',
    saveBlocked: '请先处理标红的问题',
  },
  language: { 'zh-CN': '简体中文', en: 'English' },
};

export default zhCN;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language file has. */
export type Messages = Widen<typeof zhCN>;
