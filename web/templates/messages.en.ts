import type { templatesZh } from './messages';

/** English for messages.ts, loaded with the rest of the English texts (web/i18n). */
export const templatesEn: typeof templatesZh = {
  menu: 'Templates', title: 'Templates', subtitle: 'Install a ready business template in one click and adapt it: forms, views, workflows, automations and dashboards included.', fromTemplate: 'From a template',
  all: 'All', search: 'Search templates', empty: 'No templates', version: 'v{{version}}', installed: 'Installed', installedIn: 'Installed in "{{app}}"',
  forms: '{{count}} forms', fields: '{{count}} fields', workflows: '{{count}} workflows', automations: '{{count}} automations', dashboards: '{{count}} dashboards', views: '{{count}} views',
  preview: 'Preview', install: 'Install', sampleData: 'Include sample data', sampleDataHint: 'Try it at once; sample records can be deleted any time', installing: 'Installing…',
  installedOk: 'Installed "{{name}}"', open: 'Open app', upgrade: 'Upgrade', upgradeTitle: 'Upgrade "{{app}}"', planLoading: 'Working out the changes…', planEmpty: 'Up to date: nothing to change',
  planHint: 'Upgrading keeps all data and your changes; this is what will change:', confirmUpgrade: 'Upgrade', upgraded: 'Upgraded "{{app}}"', inside: 'What is inside',
  formPreview: 'Form preview', noFields: 'This form has no fields', close: 'Close', categoryOther: 'Other', plan: { add: 'Add', change: 'Change', remove: 'Remove', keep: 'Keep', conflict: 'Conflict (yours kept)' },
};
