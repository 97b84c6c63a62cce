import type { FormModel, ModelField } from '../forms/form-model.js';
import { compileSchema } from '../forms/schema-compiler.js';

// People, departments, links and files name things inside the company: not for strangers.
const internalTypes = new Set(['member', 'department', 'relation', 'attachment']);

/** Fields a stranger may fill through a public link: no computed or internal ones. */
export const isPublicField = (f: ModelField) =>
  !f.type.computed && !internalTypes.has(f.def.type) && !f.def.internal;

/** The form as a public link shows it: only public fields. */
export function publicSchema(model: FormModel) {
  const hidden = new Set(model.fields.filter((f) => !isPublicField(f)).map((f) => f.def.key));
  const { jsonSchema, uiSchema } = compileSchema(model, { hidden, readonly: new Set() });
  return { jsonSchema: { ...jsonSchema, $id: undefined }, uiSchema };
}

/** Required fields a public link cannot fill (the form owner should know: submissions would fail). */
export const unfillableRequired = (model: FormModel) =>
  model.fields
    .filter((f) => f.def.required && !isPublicField(f) && !f.type.computed && f.def.default === undefined)
    .map((f) => f.def.key);
