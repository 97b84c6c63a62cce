/**
 * The API shapes the web app uses, all from the server: zod-inferred types of its schemas, and
 * answers inferred from its routes through the typed client (`Answer<typeof api.…>`). Only shapes
 * that exist just in the browser (the builder's flat field, list queries) are declared here.
 */
import type { ErrorDetail } from '../../server/errors';
import type { FieldTypeName } from '../../server/fields/registry';
import type { SelectOption } from '../../server/fields/types/options';
import type { FieldInput } from '../../server/forms/form-input.schema';
import type { Layout } from '../../server/forms/forms.schema';
import type { Answer, api, Input } from './client';

export type { ErrorDetail, FieldInput, FieldTypeName, SelectOption };

/** Every field type, in palette order (server/fields/facts.ts, checked against the registry). */
export { FIELD_TYPES } from '../../server/fields/facts';

export type RollupOp = Extract<FieldInput, { type: 'rollup' }>['op'];

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
type ValueIn<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;

/** A union of object types as one object whose every property is optional: `Flat<A | B>`. */
export type Flat<U> = { [K in KeysOfUnion<U>]?: ValueIn<U, K> };

/**
 * One field of a form definition as the builder edits it: the server's `FieldInput` union flattened,
 * so every type's properties are optional and `type` decides which apply (changing a field's type
 * keeps its other properties). `id` is absent on a field the server has not seen yet.
 */
export type FieldDef = Pick<FieldInput, 'key' | 'label'> & { type: FieldTypeName } & Omit<
    Flat<FieldInput>,
    'key' | 'label' | 'type'
  >;

export type FormLayout = Layout;
export type LayoutSection = NonNullable<Layout['sections']>[number];

/** Stored fields are ones the server's `fieldInputSchema` accepted; its answers type them loosely. */
type WithFields<T> = Omit<T, 'fields' | 'removedFields'> & { fields: FieldDef[]; removedFields?: FieldDef[] };

/** A form definition as the server answers it. */
export type FormDefinition = WithFields<Answer<(typeof api.forms)[':formId']['$get']>>;

/** The body of `POST /api/apps/:appId/forms` and `PUT /api/forms/:formId`, with the builder's fields. */
export type FormInput = WithFields<Input<(typeof api.forms)[':formId']['$put']>['json']>;

/** What `PUT /api/forms/:formId` answers: the definition and what the save changed in the data. */
export type SavedForm = WithFields<Answer<(typeof api.forms)[':formId']['$put']>>;

/** What a save changed in the data. */
export type MigrationSummary = SavedForm['migration'];

/**
 * What rjsf renders: a JSON Schema and a uiSchema. The server answers one at
 * `GET /api/forms/:formId/schema` (and for public forms); the builder's preview and the transition
 * dialog make their own, so this is the general shape, and `FormSchemaFits` checks the server's fits it.
 */
export interface FormSchema {
  jsonSchema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}
type Fits<T extends U, U> = T;
export type FormSchemaFits = Fits<Answer<(typeof api.forms)[':formId']['schema']['$get']>, FormSchema>;

export type App = Answer<typeof api.apps.$get>['items'][number];

/** A form as app lists carry it: id, key and name. */
export type FormSummary = App['forms'][number];

/** The signed-in user. */
export type User = Answer<typeof api.auth.me.$get>['user'];

/** A record: system properties plus `fields` keyed by field key. */
export type DataRecord = Answer<(typeof api.forms)[':formId']['records'][':recordId']['$get']>;

/** Every list: a page of items and the cursor of the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export type HistoryEntry = Answer<
  (typeof api.forms)[':formId']['records'][':recordId']['history']['$get']
>['items'][number];
export type HistoryChange = HistoryEntry['changes'][number];

/** Query of the records list, as the web builds it (the filter as an object, sent as JSON). */
export interface RecordsQuery {
  q?: string;
  /** e.g. `-amount,customerName`. */
  sort?: string;
  filter?: unknown;
  view?: string;
}
