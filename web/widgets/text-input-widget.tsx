import type { WidgetProps } from '@rjsf/utils';

/** E-mail, phone and URL: the theme's text input with the matching input type. */
export function textInputWidget(inputType: 'email' | 'tel' | 'url') {
  function TextInputWidget(props: WidgetProps) {
    const { BaseInputTemplate } = props.registry.templates;
    return <BaseInputTemplate {...props} type={inputType} />;
  }
  return TextInputWidget;
}
