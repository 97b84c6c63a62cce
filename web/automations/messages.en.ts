import type { automationsZh } from './messages';

/** English for messages.ts, loaded with the rest of the English texts (web/i18n). */
export const automationsEn: typeof automationsZh = {
  menu: 'Automations', title: 'Automations', subtitle: 'When … if … then …: run actions when records change, on a schedule or when called from outside.', new: 'New automation',
  empty: 'No automations yet', emptyHint: 'For example: when an interaction has a follow-up, create a task', name: 'Name', namePlaceholder: 'e.g. Follow-ups become tasks',
  trigger: 'Trigger', lastRun: 'Last run', never: 'Never run', enabled: 'Enabled', disabled: 'Disabled', enabledOn: 'Enabled', enabledOff: 'Disabled',
  edit: 'Edit', deleteConfirm: 'Delete the automation "{{name}}" and its runs?', back: 'Back to automations', saved: 'Automation saved', save: 'Save',
  invalid: 'Not saved: {{message}}', unsaved: 'Save first, then test', design: 'Design', runs: 'Run log', test: 'Test run',
  when: 'When', if: 'If', then: 'Then', whenHint: 'Choose when it runs', ifHint: 'Only records matching these conditions go on (optional)', thenHint: 'Run in order; drag the handle to reorder',
  form: 'Form', pickForm: 'Pick a form', noCondition: 'No condition: runs every time',
  triggerType: {
    record_created: 'Record created', record_updated: 'Record updated', record_deleted: 'Record deleted', state_changed: 'State changed', schedule: 'Schedule',
    date: 'Around a date', sla_breached: 'Time limit passed', webhook: 'Webhook', button: 'Button',
  },
  triggerHelp: {
    record_created: 'After a record is created', record_updated: 'After a record is changed', record_deleted: 'After a record is deleted (to the recycle bin)',
    state_changed: 'After the workflow state changes', schedule: 'At fixed times', date: 'N days before or after a date of the record', sla_breached: 'When a record stays in a state too long',
    webhook: 'When another system calls its address', button: 'When someone clicks its button on a record',
  },
  onlyFields: 'Only when these fields change', anyField: 'Any field', fromState: 'From state', toState: 'To state', anyState: 'Any state',
  preset: 'Frequency', presets: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', custom: 'Custom (cron)' }, at: 'Time', weekday: 'Weekday', dayOfMonth: 'Day',
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], dayN: 'Day {{n}}', cron: 'Cron pattern', cronHelp: 'min hour day month weekday, e.g. 0 8 * * 1-5', timeZone: 'Time zone',
  scheduleForm: 'For which records (optional)', scheduleNoForm: 'No records (run once)', dateField: 'Date field', offset: 'Offset', before: 'before', after: 'after', onTheDay: 'On the day',
  days: 'days', yearly: 'Repeat yearly (birthdays)', slaState: 'State', hookUrl: 'Address', hookAfterSave: 'Saving generates the address and secret', hookSecret: 'Secret', requiredKeys: 'Required keys',
  buttonLabel: 'Button label',
  condition: { add: 'Add condition', and: 'and', or: 'or', all: 'All of', any: 'Any of', field: 'Field', op: 'Operator', value: 'Value', json: 'JSON', complex: 'This condition is nested: edit it as JSON', invalidJson: 'Not valid JSON', expression: 'Insert a field value' },
  ops: {
    eq: 'is', ne: 'is not', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is any of', nin: 'is none of', contains: 'contains', notContains: 'does not contain',
    startsWith: 'starts with', isEmpty: 'is empty', isNotEmpty: 'is not empty', between: 'between',
  },
  today: 'Today', system: { id: 'Record id', state: 'State', ownerId: 'Owner', departmentId: 'Department', createdAt: 'Created at', createdBy: 'Created by', updatedAt: 'Updated at', updatedBy: 'Updated by' },
  palette: 'Add an action', noActions: 'Add the first action below',
  actionType: {
    createRecord: 'Create record', updateRecord: 'Update record', upsert: 'Create or update', setState: 'Set state', assign: 'Assign owner', notify: 'Notify',
    webhook: 'Call webhook', wait: 'Wait', branch: 'Branch',
  },
  action: {
    targetForm: 'In form', mapping: 'Field values', addMapping: 'Add field', targetField: 'Field', valueOf: 'Value', valuePlaceholder: 'Type a value or insert a field',
    insert: 'Insert', triggerFields: 'Fields of the trigger record', special: 'Other', todayPlus: 'Today + {{n}} days', now: 'Now', ownerOfRecord: 'Owner of the record',
    owner: 'Owner (optional)', thisRecord: 'Updates the trigger record', upsertKey: 'Match on field', to: 'To', comment: 'Comment', strategy: 'Strategy',
    strategies: { fixed: 'A member', roundRobin: 'Round robin in department', leastLoaded: 'Least loaded in department' }, user: 'Member', department: 'Department',
    recipients: 'Notify', toOwner: 'Owner of the record', toCreator: 'Author of the automation', toUsers: 'Members (ids or expressions)', toField: 'Member field',
    titleText: 'Title', bodyText: 'Body', url: 'URL', method: 'Method', body: 'Body (JSON)', waitFor: 'Wait for', waitUntil: 'Wait until (date or expression)',
    branchIf: 'If', branchThen: 'Then', branchElse: 'Else', remove: 'Remove action', move: 'Drag to reorder', step: 'Step {{n}}', collapse: 'Collapse', expand: 'Expand',
  },
  testDialog: {
    title: 'Test run', hint: 'Pick a record to see what the automation would do; nothing is saved and no webhook is sent.', record: 'Record', pickRecord: 'Pick a record',
    payload: 'Payload (JSON)', run: 'Dry run', condition: 'Condition', matched: 'matches', notMatched: 'does not match: no action would run', wouldDo: 'Would do',
  },
  status: { running: 'Running', waiting: 'Waiting', succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped', loop_cut: 'Loop cut off' },
  log: {
    at: 'When', status: 'Status', event: 'Trigger', duration: 'Duration', error: 'Error', retry: 'Retry', retried: 'Running again', steps: 'Actions',
    input: 'Input', output: 'Output', attempts: '{{n}} attempts', empty: 'No runs yet', refresh: 'Refresh', record: 'Record', version: 'Version {{v}}',
  },
  events: { created: 'Created', updated: 'Updated', deleted: 'Deleted', state_changed: 'State changed', sla_breached: 'Time limit', schedule: 'Schedule', date: 'Date', webhook: 'Webhook', button: 'Button', test: 'Test' },
  summary: {
    createRecord: 'Create a record in "{{form}}"', updateRecord: 'Update the trigger record', updateWhere: 'Update matching records of "{{form}}"', upsert: 'Create or update in "{{form}}"',
    setState: 'Set state to {{to}}', assign: 'Assign an owner', notify: 'Notify: {{title}}', webhook: '{{method}} {{url}}', wait: 'Wait {{what}}', branch: 'If … then … else …',
  },
};
