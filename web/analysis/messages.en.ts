import type { analysisZh } from './messages';

/** English for messages.ts, loaded with the rest of the English texts (web/i18n). */
export const analysisEn: typeof analysisZh = {
  menu: 'Analysis', segments: 'Segments', churn: 'Churn warning', back: 'Back to data',
  segment: {
    title: 'Customer segments', model: 'Model', models: { rfm: 'RFM', matrix: 'Value–potential matrix' },
    modelHint: {
      rfm: 'Splits customers into 8 segments by recency (R), frequency (F) and monetary value (M), each high or low.',
      matrix: 'Splits customers into 4 quadrants by value and potential, each high or low.',
    },
    notSet: 'No segmentation rules yet', notSetHint: 'Once set, each record’s segment field is computed and kept current.', notSetReadOnly: 'Ask the form’s manager to set segmentation rules',
    chart: 'Segments', chartHint: 'Click a cell to see its customers', total: '{{count}} customers', count: '{{count}}',
    rules: 'Current rules', writesTo: 'Writes to', settings: 'Settings', save: 'Save and re-segment', saved: 'Saved; {{count}} records re-segmented',
    invalid: 'Please fix the fields marked in red', manageOnly: 'Only the form’s managers may change the segmentation',
    targetField: 'Segment field', targetHelp: 'The select or text field the segment is written to',
    recencyField: 'Last deal date field', recentDays: 'Recent within (days)', recentHelp: 'A deal within this many days counts as recent',
    frequencyField: 'Frequency field', frequencyThreshold: 'Frequency threshold', monetaryField: 'Amount field', monetaryThreshold: 'Amount threshold',
    valueField: 'Value field', valueThreshold: 'Value threshold', potentialField: 'Potential field', potentialThreshold: 'Potential threshold', thresholdHelp: 'At or above the threshold is high',
    mapping: 'Segment → option', mappingHelp: 'Which option of the segment field each segment writes', pickField: 'Pick a field', pickOption: 'Pick an option',
    high: 'High', low: 'Low', axisValue: 'Value', axisPotential: 'Potential', important: 'Important (high amount)', general: 'General (low amount)',
    rfm: {
      importantValue: 'Important value', importantDevelop: 'Important develop', importantKeep: 'Important keep', importantRetain: 'Important retain',
      generalValue: 'General value', generalDevelop: 'General develop', generalKeep: 'General keep', generalRetain: 'General retain',
    },
    rfmShort: {
      importantValue: 'Recent · frequent', importantDevelop: 'Recent · rare', importantKeep: 'Lapsed · frequent', importantRetain: 'Lapsed · rare',
      generalValue: 'Recent · frequent', generalDevelop: 'Recent · rare', generalKeep: 'Lapsed · frequent', generalRetain: 'Lapsed · rare',
    },
    quadrant: { highHigh: 'High value · high potential', highLow: 'High value · low potential', lowHigh: 'Low value · high potential', lowLow: 'Low value · low potential' },
    churnSettings: 'Churn warning', churnOff: 'No churn warning', relationField: 'Interactions relation', relationHelp: 'The field of this form linking to interaction records',
    dateField: 'Interaction date field', dateHelp: 'A date field of the interaction form', inactiveDays: 'Days without interaction', windowDays: 'Comparison window (days)',
    dropRatio: 'Drop ratio', dropHelp: 'Warn when the last window has at most this share of the window before', minPrevious: 'Minimum interactions in the window before',
  },
  churnPage: {
    title: 'Churn warning', hint: 'Customers with no recent interaction, or far fewer than before', inactive: '{{count}} days without interaction', inactiveLabel: 'Days without interaction',
    customer: 'Customer', reason: 'Reason', lastInteraction: 'Last interaction', never: 'Never', recent: 'Recent', previous: 'Window before', trend: 'Recent / before',
    empty: 'No customers at risk', emptyHint: 'Every customer had a recent interaction',
    notSet: 'Churn warning is not set up', notSetHint: 'Churn warnings come from the interactions linked to each customer. In the Segments page settings, pick ① the field of this form linking to interactions and ② the date field of the interactions.',
    openSettings: 'Set it up', count: '{{count}} customers need attention',
  },
  run: { button: 'Run: {{name}}', started: '“{{name}}” started', failed: '“{{name}}” failed: {{error}}' },
};
