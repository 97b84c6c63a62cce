import type { FieldDef, FormDef } from '../../forms/forms.schema.js';
import type { DefinitionContext } from '../field-type.js';
import type { RelationField } from './relation.js';

export interface RelationPath {
  relation: RelationField;
  targetForm: FormDef;
  target: FieldDef;
  targetCtx: DefinitionContext;
}

const byIdOrKey = (fields: FieldDef[], ref: string) => fields.find((x) => x.id === ref || x.key === ref);

/** Follows a relation field of `ctx.form` to a field of the related form (for lookup and rollup). */
export function resolveThrough(
  relationRef: string,
  targetRef: string | undefined,
  ctx: DefinitionContext,
): RelationPath | undefined {
  const relation = byIdOrKey(ctx.form.fields, relationRef) as RelationField | undefined;
  if (!relation || relation.type !== 'relation') return undefined;
  const targetForm = relation.formId === ctx.form.id ? ctx.form : ctx.forms.get(relation.formId);
  if (!targetForm) return undefined;
  const target = targetRef ? byIdOrKey(targetForm.fields, targetRef) : targetForm.fields[0];
  if (!target) return undefined;
  return { relation, targetForm, target, targetCtx: { form: targetForm, forms: ctx.forms } };
}
