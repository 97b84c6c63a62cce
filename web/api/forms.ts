import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import type { FormDefinition, FormInput, FormSchema, SavedForm } from './types';

const formPath = (formId: string) => `/api/forms/${encodeURIComponent(formId)}`;

/** A form definition. */
export function useForm(formId: string | undefined) {
  return useQuery({
    queryKey: keys.form(formId ?? ''),
    queryFn: () => api<FormDefinition>('GET', formPath(formId!)),
    enabled: !!formId,
  });
}

/** The compiled `{jsonSchema, uiSchema}` rjsf renders records with. */
export function useFormSchema(formId: string | undefined) {
  return useQuery({
    queryKey: keys.formSchema(formId ?? ''),
    queryFn: () => api<FormSchema>('GET', `${formPath(formId!)}/schema`),
    enabled: !!formId,
  });
}

/** Replaces the definition (PUT); the answer carries the migration summary. */
export function useSaveForm(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: FormInput) => api<SavedForm>('PUT', formPath(formId), input),
    onSuccess: (saved) => {
      qc.setQueryData(keys.form(formId), saved);
      qc.invalidateQueries({ queryKey: keys.formSchema(formId) });
      qc.invalidateQueries({ queryKey: keys.records(formId) });
      qc.invalidateQueries({ queryKey: ['apps'] });
    },
  });
}

export interface FormAccess {
  actions: Array<'read' | 'create' | 'update' | 'delete' | 'manage'>;
  hidden: string[];
  readonly: string[];
  sensitiveFull: boolean;
  isAdmin: boolean;
}

/** What the signed-in user may do on a form; the page hides what they may not (the server still decides). */
export function useFormAccess(formId: string | undefined) {
  return useQuery({
    queryKey: ['form-access', formId ?? ''],
    queryFn: () => api<FormAccess>('GET', `${formPath(formId!)}/access`),
    enabled: !!formId,
  });
}
