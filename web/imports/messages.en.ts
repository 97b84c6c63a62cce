import type { importsZh } from './messages';

/** English for messages.ts, loaded with the rest of the English texts (web/i18n). */
export const importsEn: typeof importsZh = {
  import: 'Import', export: 'Export', exportCsv: 'Export CSV', exportXlsx: 'Export Excel', exportHint: 'Exports the current filter, sort and visible fields',
  title: 'Import data', steps: { upload: 'Upload', mapping: 'Map columns', check: 'Check', run: 'Import' },
  upload: 'Click or drop a CSV / Excel file', uploadHint: 'The first row names the columns; .csv and .xlsx', reading: 'Reading the file…',
  column: 'Column', samples: 'Samples', field: 'Field', ignore: 'Skip', suggested: 'Matched', manual: 'Chosen', duplicate: 'Several columns fill this field',
  requiredMissing: 'Required fields not mapped: {{fields}}', dedupe: 'Duplicates', dedupeField: 'Match duplicates on', dedupeNone: 'Do not check',
  dedupeMode: { skip: 'Skip duplicate rows', update: 'Update the existing record', create: 'Create anyway' }, next: 'Next', back: 'Back', check: 'Check data', run: 'Import',
  checking: 'Checking…', checkOk: 'All {{count}} rows can be imported', checkErrors: '{{failed}} rows have problems (of {{total}}); fix the file and upload it again, or import only the good rows',
  row: 'Row {{row}}', running: 'Importing…', progress: '{{processed}} of {{total}} processed', done: 'Import finished', failedJob: 'Import failed',
  summary: '{{created}} created, {{updated}} updated, {{skipped}} skipped, {{failed}} failed', close: 'Done', viewRecords: 'View records', rows: '{{count}} rows shown', problems: 'Problems',
};
