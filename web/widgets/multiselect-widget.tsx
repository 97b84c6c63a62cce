import type { WidgetProps } from '@rjsf/utils';

/** Several options: the theme's select in multiple mode. */
export function MultiselectWidget(props: WidgetProps) {
  const { SelectWidget } = props.registry.widgets;
  return <SelectWidget {...props} multiple />;
}
