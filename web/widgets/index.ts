import type { RegistryWidgetsType } from '@rjsf/utils';
import { AttachmentWidget } from './attachment-widget';
import { CurrencyWidget } from './currency-widget';
import { DepartmentWidget } from './department-widget';
import { LookupWidget } from './lookup-widget';
import { MemberWidget } from './member-widget';
import { MultiselectWidget } from './multiselect-widget';
import { PercentWidget } from './percent-widget';
import { RatingWidget } from './rating-widget';
import { RelationWidget } from './relation-widget';
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
  member: MemberWidget,
  department: DepartmentWidget,
  relation: RelationWidget,
  lookup: LookupWidget,
  attachment: AttachmentWidget,
};
