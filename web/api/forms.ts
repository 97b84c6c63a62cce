import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toWire } from './apps';
import { type Answer, api, call } from './client';
import { keys } from './keys';
import type { FormDefinition, FormInput, SavedForm } from './types';

const form = api.forms[':formId'];

/** A form definition. */
export function useForm(formId: string | undefined) {
  return useQuery({
    queryKey: keys.form(formId ?? ''),
    queryFn: async (): Promise<FormDefinition> =>
      (await call(form.$get, { param: { formId: formId! } })) as FormDefinition,
    enabled: !!formId,
  });
}

/** The compiled `{jsonSchema, uiSchema}` rjsf renders records with. */
export function useFormSchema(formId: string | undefined) {
  return useQuery({
    queryKey: keys.formSchema(formId ?? ''),
    queryFn: () => call(form.schema.$get, { param: { formId: formId! } }),
    enabled: !!formId,
  });
}

/** Replaces the definition (PUT); the answer carries the migration summary. */
export function useSaveForm(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: FormInput): Promise<SavedForm> =>
      (await call(form.$put, { param: { formId }, query: {}, json: toWire(input) })) as SavedForm,
    onSuccess: (saved) => {
      qc.setQueryData(keys.form(formId), saved);
      qc.invalidateQueries({ queryKey: keys.formSchema(formId) });
      qc.invalidateQueries({ queryKey: keys.records(formId) });
      qc.invalidateQueries({ queryKey: ['apps'] });
    },
  });
}

/** What the caller may do on a form: actions, hidden and read-only fields. */
export type FormAccess = Answer<typeof form.access.$get>;

/** What the signed-in user may do on a form; the page hides what they may not (the server still decides). */
export function useFormAccess(formId: string | undefined) {
  return useQuery({
    queryKey: ['form-access', formId ?? ''],
    queryFn: () => call(form.access.$get, { param: { formId: formId! } }),
    enabled: !!formId,
  });
}
