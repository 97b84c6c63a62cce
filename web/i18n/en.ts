import type { Messages } from './zh-CN';

/** English. */
const en: Messages = {
  app: { name: 'Tessera', tagline: 'Low-code customer management' },
  common: {
    ok: 'OK', cancel: 'Cancel', save: 'Save', saving: 'Saving…', delete: 'Delete', edit: 'Edit', rename: 'Rename', create: 'Create',
    close: 'Close', reload: 'Reload', loading: 'Loading…', retry: 'Retry', search: 'Search', name: 'Name', description: 'Description',
    actions: 'Actions', confirmDelete: 'Delete this?', deleted: 'Deleted', saved: 'Saved', created: 'Created', empty: 'No data',
    yes: 'Yes', no: 'No', unknownError: 'Something went wrong, please try again', networkError: 'Cannot reach the server', notFound: 'Page not found', backHome: 'Back home',
    required: 'Required',
  },
  auth: {
    title: 'Sign in to Tessera', subtitle: 'Use your work e-mail', email: 'E-mail', password: 'Password', login: 'Sign in',
    emailRequired: 'Enter your e-mail', passwordRequired: 'Enter your password', failed: 'Wrong e-mail or password', logout: 'Sign out', loggedOut: 'Signed out',
  },
  shell: {
    home: 'Workspace', apps: 'Apps', searchPlaceholder: 'Search apps and forms', notifications: 'Notifications', notificationsSoon: 'No new notifications',
    language: 'Language', profile: 'Profile', collapse: 'Collapse menu', noForms: 'No forms yet',
  },
  apps: {
    title: 'My apps', subtitle: 'An app is a set of forms; drag fields onto a form in the builder to shape your system.', newApp: 'New app', appName: 'App name',
    appNamePlaceholder: 'e.g. Customer management', renameApp: 'Rename app', deleteApp: 'Delete app',
    deleteConfirm: 'Delete the app "{{name}}" with all its forms and data? This cannot be undone.', newForm: 'New form', formName: 'Form name',
    formNamePlaceholder: 'e.g. Customers', formKey: 'Form key', formKeyHelp: 'Letters, digits and _, not starting with a digit; used by scripts and templates.',
    formKeyInvalid: 'Letters, digits and _ only, not starting with a digit', empty: 'No apps yet', emptyHint: 'Create an app to start building your CRM',
    forms: '{{count}} forms', openData: 'Data', openBuilder: 'Design', noMatch: 'No app or form matches "{{q}}"',
  },
  data: {
    newRecord: 'New record', design: 'Design form', searchPlaceholder: 'Search records', total: '{{count}} records', loadingMore: 'Loading more…',
    noFields: 'This form has no fields yet', noFieldsHint: 'Add fields in the form builder first', noRecords: 'No records', rowNumber: '#',
    sortAsc: 'Ascending', sortDesc: 'Descending', createdAt: 'Created', updatedAt: 'Updated', allLoaded: 'All loaded',
  },
  record: {
    newTitle: 'New record', detailTitle: 'Record', created: 'Record created', saved: 'Changes saved', deleted: 'Record moved to the recycle bin',
    deleteConfirm: 'Delete this record? You can restore it from the recycle bin.', tabDetails: 'Details', tabHistory: 'History', invalid: 'Please check the fields marked in red',
    conflictTitle: 'Someone else changed this record', conflictText: 'Reload to see the latest version; your unsaved changes will be lost.',
    noChanges: 'Nothing to save', meta: 'Created by {{user}} at {{at}}', version: 'Version {{version}}',
  },
  history: {
    empty: 'No changes yet', by: '{{user}}', emptyValue: '(empty)', changeLabel: '{{label}}: ',
    action: { create: 'created the record', created: 'created the record', update: 'changed the record', updated: 'changed the record', delete: 'deleted the record', deleted: 'deleted the record', restore: 'restored the record', restored: 'restored the record', transition: 'changed the state' },
  },
  fieldGroups: { basic: 'Basic', choice: 'Choice', date: 'Date', people: 'People & departments', computed: 'Relations & computed', file: 'Files' },
  fieldTypes: {
    text: 'Text', textarea: 'Long text', number: 'Number', currency: 'Currency', percent: 'Percent', rating: 'Rating', email: 'E-mail', phone: 'Phone', url: 'URL',
    select: 'Single select', multiselect: 'Multiple select', checkbox: 'Checkbox', date: 'Date', datetime: 'Date & time', member: 'Member', department: 'Department',
    relation: 'Linked records', lookup: 'Lookup', rollup: 'Rollup', formula: 'Formula', autonumber: 'Auto number', attachment: 'Attachment',
  },
  builder: {
    title: 'Form builder', design: 'Design', preview: 'Preview', undo: 'Undo', redo: 'Redo', save: 'Save form', saved: 'Form saved', openData: 'View data',
    palette: 'Fields', paletteHint: 'Drag or click to add a field', canvasEmpty: 'Drag fields here', canvasEmptyHint: 'or click a field type to add it at the end',
    properties: 'Field properties', formSettings: 'Form settings', noSelection: 'Select a field to edit its properties', duplicate: 'Duplicate', remove: 'Remove',
    unsavedTitle: 'Unsaved changes', unsavedText: 'Your unsaved changes will be lost. Leave anyway?', leave: 'Leave', stay: 'Stay',
    invalid: 'Not saved: please fix the fields marked in red', conflict: 'Someone else changed this form; reload before editing.', localInvalid: 'Please fix the fields marked in red first',
    fieldErrors: '{{count}} problems', dragHandle: 'Drag to reorder', required: 'Required', unique: 'Unique', readOnly: 'Computed',
    newOption: 'Option {{n}}', move: 'Move',
    prop: {
      label: 'Label', key: 'Key', keyHelp: 'Used by formulas, scripts and templates, e.g. customerName', type: 'Type', required: 'Required', unique: 'Unique values',
      help: 'Help text', placeholder: 'Placeholder', default: 'Default value', options: 'Options', addOption: 'Add option', optionLabel: 'Label', optionValue: 'Value',
      color: 'Color', display: 'Display', dropdown: 'Dropdown', radio: 'Radio buttons', min: 'Minimum', max: 'Maximum', precision: 'Decimal places',
      minDate: 'Earliest date', maxDate: 'Latest date', maxStars: 'Stars', currency: 'Currency', minLength: 'Min length', maxLength: 'Max length',
      format: 'Number format', formatHelp: '{YYYY} year, {YY} 2-digit year, {MM} month, {DD} day, {0000} the counter (its width is the padding)', example: 'Example: {{example}}',
      expression: 'Formula', expressionHelp: 'Refer to fields by {key}, e.g. {amount} * 0.1', formId: 'Linked form', multiple: 'Allow several',
      relationField: 'Relation field', targetField: 'Field to show', op: 'Aggregate', maxFiles: 'Max files', accept: 'Allowed file types',
      defaultToday: 'Default to today', defaultNow: 'Default to now', defaultMe: 'Current user', defaultMyDepartment: "Current user's department", sensitive: 'Sensitive (masked)',
      formName: 'Form name', formKey: 'Form key', noRelation: 'Add a linked-records field first',
    },
    ops: { count: 'Count', sum: 'Sum', avg: 'Average', min: 'Minimum', max: 'Maximum' },
    problem: {
      keyInvalid: 'Letters, digits and _ only, not starting with a digit', keyDuplicate: 'Duplicate key', required: 'Cannot be empty',
      noOptions: 'Needs at least one option', optionDuplicate: 'Option values must be unique',
    },
    autonumber: {
      tooShort: 'At least 3 characters', oneCounter: 'Needs exactly one counter such as {0000}', counterTooLong: 'The counter may have at most 12 digits',
      unknownToken: 'Unknown {token}; use {YYYY} {YY} {MM} {DD} {000}',
    },
    migration: {
      title: 'Form saved and data migrated', addedColumns: 'Added', converted: 'Converted', removed: 'Removed (data kept, restorable)',
      restored: 'Restored', recomputed: 'Recomputed', nothing: 'No data needed changing', convertedItem: '{{key}}: {{from}} → {{to}}', failed: ' ({{count}} could not convert)',
    },
  },
  widgets: {
    memberPlaceholder: 'Member id', departmentPlaceholder: 'Department id', relationPlaceholder: 'Linked record id',
    attachmentSoon: 'File upload is coming soon', files: '{{count}} files',
  },
  validation: {
    required: 'Required', type: 'Invalid value', minimum: 'Must be at least {{limit}}', maximum: 'Must be at most {{limit}}', minLength: 'At least {{limit}} characters',
    maxLength: 'At most {{limit}} characters', format: 'Invalid format', maxItems: 'At most {{limit}} items', oneOf: 'Pick an option', const: 'Pick an option',
    enum: 'Pick an option', uniqueItems: 'No duplicates',
  },
  language: { 'zh-CN': '简体中文', en: 'English' },
};

export default en;
