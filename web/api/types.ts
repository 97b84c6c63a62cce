/**
 * The API shapes the web app uses, declared once and following /work/shared/API.md.
 * (To be replaced by the server's types through `hc<AppType>` once its routes are in place.)
 */

export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'currency', 'percent', 'rating', 'email', 'phone', 'url',
  'select', 'multiselect', 'checkbox',
  'date', 'datetime',
  'member', 'department',
  'relation', 'lookup', 'rollup', 'formula', 'autonumber',
  'attachment',
] as const;

export type FieldTypeName = (typeof FIELD_TYPES)[number];

export interface SelectOption {
  value: string;
  label: string;
  color?: string;
}

export type RollupOp = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** One field of a form definition; `id` is absent on a field the server has not seen yet. */
export interface FieldDef {
  id?: string;
  key: string;
  type: FieldTypeName;
  label: string;
  required?: boolean;
  unique?: boolean;
  help?: string;
  placeholder?: string;
  default?: unknown;
  options?: SelectOption[];
  display?: 'dropdown' | 'radio';
  /** autonumber, e.g. `C{YYYY}{0000}`. */
  format?: string;
  /** formula, e.g. `{amount} * 0.1`. */
  expression?: string;
  resultType?: 'number' | 'text' | 'date' | 'datetime' | 'boolean';
  /** relation: the target form. */
  formId?: string;
  multiple?: boolean;
  reverseOf?: string;
  relationField?: string;
  targetField?: string;
  op?: RollupOp;
  min?: number | string;
  max?: number | string;
  precision?: number;
  currency?: 'CNY' | 'USD' | 'EUR' | 'HKD' | 'JPY';
  minLength?: number;
  maxLength?: number;
  maxFiles?: number;
  accept?: string[];
  sensitive?: boolean;
}

export interface LayoutSection {
  id?: string;
  title?: string;
  columns?: 1 | 2 | 3;
  /** Field ids or keys, in order. */
  fields: string[];
}

export interface FormLayout {
  columns?: 1 | 2 | 3;
  sections?: LayoutSection[];
}

/** A form definition as the server answers it. */
export interface FormDefinition {
  id: string;
  appId: string;
  key: string;
  name: string;
  description?: string;
  icon?: string;
  fields: FieldDef[];
  removedFields?: FieldDef[];
  layout?: FormLayout;
  titleField?: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

/** The body of `POST /api/apps/:appId/forms` and `PUT /api/forms/:formId`. */
export interface FormInput {
  key: string;
  name: string;
  fields: FieldDef[];
  layout?: FormLayout;
  version?: number;
  description?: string;
  icon?: string;
  titleField?: string;
}

/** What a save changed in the data. */
export interface MigrationSummary {
  addedColumns: string[];
  converted: Array<{ key: string; from: string; to: string; failed: number }>;
  removed: string[];
  restored: string[];
  recomputed: string[];
}

export type SavedForm = FormDefinition & { migration?: MigrationSummary };

/** `GET /api/forms/:formId/schema`: what rjsf renders. */
export interface FormSchema {
  jsonSchema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

export interface FormSummary {
  id: string;
  appId?: string;
  key: string;
  name: string;
  icon?: string;
}

export interface App {
  id: string;
  name: string;
  icon?: string | null;
  description?: string | null;
  templateId?: string | null;
  forms?: FormSummary[];
  createdAt?: string;
  updatedAt?: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin?: boolean;
  mainDepartmentId?: string | null;
  departmentIds?: string[];
}

/** A record: system properties plus `fields` keyed by field key. */
export interface DataRecord {
  id: string;
  formId: string;
  version: number;
  state: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  ownerId: string | null;
  departmentId: string | null;
  fields: Record<string, unknown>;
}

/** Every list: a page of items and the cursor of the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface HistoryChange {
  key: string;
  label: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id?: string;
  action: string;
  userId: string | null;
  at: string;
  changes: HistoryChange[];
}

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one error shape every 4xx/5xx has. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

/** Query of the records list. */
export interface RecordsQuery {
  q?: string;
  /** e.g. `-amount,customerName`. */
  sort?: string;
  filter?: unknown;
  view?: string;
}
