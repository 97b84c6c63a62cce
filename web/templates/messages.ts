/** Template gallery texts (`templates.*`), zh-CN and en under the same keys. */
export const templatesZh = {
  menu: '模板中心', title: '模板中心', subtitle: '一键安装现成的业务模板，再按需调整：表单、视图、流程、自动化和仪表盘都包含在内。', fromTemplate: '从模板创建',
  all: '全部', search: '搜索模板', empty: '暂无模板', version: 'v{{version}}', installed: '已安装', installedIn: '已安装到“{{app}}”',
  forms: '{{count}} 个表单', fields: '{{count}} 个字段', workflows: '{{count}} 个流程', automations: '{{count}} 个自动化', dashboards: '{{count}} 个仪表盘', views: '{{count}} 个视图',
  preview: '预览', install: '一键安装', sampleData: '包含示例数据', sampleDataHint: '安装后即可体验，示例数据可随时删除', installing: '正在安装…',
  installedOk: '已安装“{{name}}”', open: '打开应用', upgrade: '升级', upgradeTitle: '升级“{{app}}”', planLoading: '正在计算变更…', planEmpty: '已是最新，无需变更',
  planHint: '升级会保留全部数据和您做过的修改；以下是将要发生的变更：', confirmUpgrade: '确认升级', upgraded: '已升级“{{app}}”', inside: '包含内容',
  formPreview: '表单预览', noFields: '此表单没有字段', close: '关闭', categoryOther: '其他', plan: { add: '新增', change: '修改', remove: '移除', keep: '保留', conflict: '冲突（保留您的修改）' },
};
