/** Import and export texts (`imports.*`), zh-CN and en under the same keys. */
export const importsZh = {
  import: '导入', export: '导出', exportCsv: '导出 CSV', exportXlsx: '导出 Excel', exportHint: '按当前筛选、排序和显示的字段导出',
  title: '导入数据', steps: { upload: '上传文件', mapping: '对应字段', check: '检查', run: '导入' },
  upload: '点击或拖入 CSV / Excel 文件', uploadHint: '第一行为列名；支持 .csv 与 .xlsx', reading: '正在读取文件…',
  column: '文件列', samples: '示例值', field: '对应字段', ignore: '不导入', suggested: '自动匹配', manual: '手动选择', duplicate: '多列对应了同一字段',
  requiredMissing: '必填字段未对应：{{fields}}', dedupe: '重复数据', dedupeField: '按字段判断重复', dedupeNone: '不检查重复',
  dedupeMode: { skip: '跳过重复行', update: '更新已有记录', create: '仍然新建' }, next: '下一步', back: '上一步', check: '检查数据', run: '开始导入',
  checking: '正在检查…', checkOk: '检查通过：{{count}} 行都可以导入', checkErrors: '{{failed}} 行有问题（共 {{total}} 行）；可以修正文件后重新上传，或只导入没有问题的行',
  row: '第 {{row}} 行', running: '正在导入…', progress: '已处理 {{processed}} / {{total}}', done: '导入完成', failedJob: '导入失败',
  summary: '新建 {{created}} 条，更新 {{updated}} 条，跳过 {{skipped}} 条，失败 {{failed}} 条', close: '完成', viewRecords: '查看记录', rows: '{{count}} 行预览', problems: '问题',
};
