import type { RegistryWidgetsType } from '@rjsf/utils';
import { AttachmentWidget } from './attachment-widget';
import { CurrencyWidget } from './currency-widget';
import { idListWidget } from './id-list-widget';
import { LookupWidget } from './lookup-widget';
import { MultiselectWidget } from './multiselect-widget';
import { PercentWidget } from './percent-widget';
import { RatingWidget } from './rating-widget';
import { textInputWidget } from './text-input-widget';

/**
 * Every rjsf customization, registered once: the `ui:widget` names the server's field types
 * compile to (server/fields/types/*.ts). `text`, `textarea`, `select`, `radio`, `checkbox`,
 * `date` and `datetime` are the theme's own.
 */
export const widgets: RegistryWidgetsType = {
  currency: CurrencyWidget,
  percent: PercentWidget,
  rating: RatingWidget,
  email: textInputWidget('email'),
  phone: textInputWidget('tel'),
  url: textInputWidget('url'),
  multiselect: MultiselectWidget,
  member: idListWidget('widgets.memberPlaceholder'),
  department: idListWidget('widgets.departmentPlaceholder'),
  relation: idListWidget('widgets.relationPlaceholder'),
  lookup: LookupWidget,
  attachment: AttachmentWidget,
};
