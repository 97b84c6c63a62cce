import type { dataZhCN } from './data.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** English: the data page (views, kanban, calendar, record detail, pickers). Spread into en.ts. */
export const dataEn: Widen<typeof dataZhCN> = {
  views: {
    grid: 'Grid', kanban: 'Kanban', calendar: 'Calendar', all: 'All', save: 'Save view', saveAs: 'Save as', delete: 'Delete view',
    saveAsTitle: 'Save as a new view', viewName: 'View name', viewNamePlaceholder: 'e.g. High-value customers', shared: 'Share with everyone who can see this form',
    saved: 'View saved', created: 'View created', deleted: 'View deleted', deleteConfirm: 'Delete the view "{{name}}"? No records are deleted.', unsaved: 'Unsaved changes',
    nameRequired: 'Enter a view name', more: 'More', recycleBin: 'Recycle bin', filter: 'Filter', filterCount: 'Filter · {{count}}', sort: 'Sort', sortCount: 'Sort · {{count}}',
    group: 'Group', groupBy: 'Group: {{label}}', columns: 'Fields', hiddenCount: '{{count}} hidden', search: 'Search records', total: '{{count, number}} records',
    noGroup: 'No grouping', groupHint: 'Group by a single-select field', noGroupFields: 'No single-select field to group by', emptyGroup: '(empty)',
    selected: '{{count}} selected', bulkEdit: 'Edit selected', bulkDelete: 'Delete selected', clearSelection: 'Clear selection',
    bulkDeleteConfirm: 'Delete the {{count}} selected records? You can restore them from the recycle bin.', bulkDeleted: '{{count}} records deleted', bulkPartial: '{{ok}} succeeded, {{failed}} failed: {{reason}}',
    bulkEditTitle: 'Edit {{count}} records', bulkField: 'Field to change', bulkValue: 'New value', bulkValueEmpty: 'Leave empty to clear the field', bulkUpdated: '{{count}} records updated', bulkProgress: 'Working {{done}}/{{total}}',
    expand: 'Open record', selectAll: 'Select all loaded records', selectRow: 'Select this row',
    editHint: 'Double-click a cell to edit it', readOnlyCell: 'This field is computed and cannot be edited', editInDrawer: 'Edit this field in the record detail',
    cellSaved: 'Saved', conflict: 'Someone else changed this record; your change was not saved.', invalidValue: 'Invalid value: {{message}}',
    noMatch: 'No records match', noMatchHint: 'Try other filters or search words', clearFilters: 'Clear filters', noRecords: 'No records yet', noRecordsHint: 'Click "New record" to add the first one',
    noKanbanField: 'A kanban needs a single-select field or a workflow', noKanbanFieldHint: 'Add a single-select field (such as "Tier") in the form builder to get one column per option.',
    noCalendarField: 'A calendar needs a date field', noCalendarFieldHint: 'Add a date or date-time field (such as "Signed on") in the form builder.', openBuilder: 'Open the form builder',
    column: {
      hide: 'Hide', show: 'Show', showAll: 'Show all', hideAll: 'Hide all', dragToReorder: 'Drag to reorder', reset: 'Reset', resize: 'Drag to resize',
      sortableHeader: 'movable column header', dragHeader: 'click to sort, drag to move the column', dragInstructions: 'Press Space to pick up this column, move it with the left and right arrow keys, press Space again to drop it, or Esc to cancel.',
      pickedUp: 'Picked up the column "{{label}}"', movedOver: 'The column "{{label}}" is over the place of "{{over}}"', dropped: 'The column "{{label}}" now takes the place of "{{over}}"', cancelled: 'Moving the column "{{label}}" was cancelled',
    },
    rowLoading: 'Loading this row',
  },
  filterBuilder: {
    title: 'Filters', add: 'Add condition', addGroup: 'Add group', and: 'and', or: 'or', where: 'Where', matchAll: 'All conditions', matchAny: 'Any condition',
    field: 'Field', opLabel: 'Condition', value: 'Value', remove: 'Remove', clear: 'Clear all', empty: 'No filters yet', emptyHint: 'Add a condition to see only the records you need.',
    advanced: 'This view uses an advanced filter; conditions added here replace it.', yes: 'Yes', no: 'No', me: 'Me', start: 'Start', end: 'End', apply: 'Apply',
    op: {
      eq: 'is', ne: 'is not', gt: 'greater than', gte: 'at least', lt: 'less than', lte: 'at most', in: 'is any of', nin: 'is none of', contains: 'contains', notContains: 'does not contain',
      startsWith: 'starts with', isEmpty: 'is empty', isNotEmpty: 'is not empty', between: 'between', preset: 'is within',
    },
    dateOp: { eq: 'is', lt: 'before', gt: 'after', gte: 'on or after', between: 'between' },
    preset: { today: 'Today', yesterday: 'Yesterday', thisWeek: 'This week', last7: 'Last 7 days', last30: 'Last 30 days', next7: 'Next 7 days' },
  },
  sorter: { title: 'Sort by', add: 'Add sort', asc: 'Ascending', desc: 'Descending', empty: 'Newest first (default)', field: 'Field', max: 'At most 5 sort rules' },
  system: { state: 'State', createdAt: 'Created', updatedAt: 'Updated', ownerId: 'Owner', createdBy: 'Created by' },
  kanban: {
    groupField: 'Columns by', cardFields: 'Fields on cards', state: 'Workflow state', emptyColumn: 'Uncategorized', loadMore: 'Load more', loading: 'Loading…', noCards: 'Drop cards here',
    overdue: 'Overdue', moved: 'Moved to "{{column}}"', refused: 'Cannot move: {{reason}}', needMore: 'Fill in before moving to "{{column}}"', comment: 'Comment', commentOptional: 'Comment (optional)',
    commentPlaceholder: 'Why is this changing?', commentRequired: 'A comment is required', confirmMove: 'Move', untitled: 'Untitled record', countOf: '{{count}}',
    reorderLocal: 'Order within a column is kept for this visit only',
  },
  calendar: {
    month: 'Month', week: 'Week', today: 'Today', prev: 'Previous', next: 'Next', dateField: 'Date field', titleField: 'Title field', more: '{{count}} more',
    moved: 'Moved to {{date}}', newOn: 'New record on {{date}}', tooMany: 'Many records here; showing the first {{count}}', noDate: '{{count}} records have no date and are not shown',
    weekdays: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun', monthTitle: 'MMMM YYYY', weekTitle: 'MMM D, YYYY',
  },
  detail: {
    workflow: 'Workflow', timeInState: 'In this state for {{duration}}', deadline: 'Due {{at}}', overdue: 'Overdue', noTransitions: 'No moves available to you now',
    transitioned: 'Moved to "{{state}}"', related: 'Related', relatedCount: 'Related · {{count}}', noRelations: 'This form has no relation fields', linked: '{{count}}',
    reverse: ' (reverse)', link: 'Link', unlink: 'Unlink', unlinkConfirm: 'Unlink "{{title}}"? The record itself is not deleted.', open: 'Open', noLinked: 'No linked records',
    linkTitle: 'Link records of "{{form}}"', linkSearch: 'Search records', linkedOk: 'Linked', unlinkedOk: 'Unlinked', alreadyLinked: 'Linked',
    recycleTitle: 'Recycle bin', recycleEmpty: 'The recycle bin is empty', recycleHint: 'Deleted records wait here and can be restored at any time.', restore: 'Restore', restored: 'Record restored', deletedAt: 'Deleted {{at}}',
    unknownUser: 'Unknown user', system: 'System', comment: 'Comment: {{comment}}', stateChange: 'State', createdBy: 'Created by {{user}} at {{at}}',
    duration: { d: '{{count}} d', h: '{{count}} h', m: '{{count}} min', lt1m: 'under a minute' },
  },
  pickers: {
    member: 'Choose members', department: 'Choose a department', relation: 'Search and choose records', noUsers: 'No matching members', noDepartments: 'No departments yet', noRecords: 'No matching records',
    upload: 'Upload', uploading: 'Uploading', uploadFailed: 'Could not upload "{{name}}": {{reason}}', tooMany: 'At most {{count}} files', dropHint: 'Click or drop files here to upload',
    removed: '(deleted record)',
  },
};
