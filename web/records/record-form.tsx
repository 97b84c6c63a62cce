import Form from '@rjsf/antd';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormSchema } from '../api/types';
import { widgets } from '../widgets';
import { localizeErrors } from './localize-errors';
import { type ErrorTree, forRjsf } from './record-values';

type Data = Record<string, unknown>;
export type RecordFormHandle = { submit: () => void };

interface Props {
  schema: FormSchema;
  formData: Data;
  onChange?: (data: Data) => void;
  onSubmit?: (data: Data) => void;
  extraErrors?: ErrorTree;
  readonly?: boolean;
  formRef?: Ref<RecordFormHandle>;
}

/** A record rendered by rjsf from the compiled schema, with Tessera's widgets; submitted from outside through `formRef`. */
export function RecordForm({ schema, formData, onChange, onSubmit, extraErrors, readonly, formRef }: Props) {
  const { t } = useTranslation();
  const { jsonSchema, uiSchema } = forRjsf(schema);
  return (
    <div className="record-form">
      <Form
        ref={formRef as Ref<never>}
        schema={jsonSchema as RJSFSchema}
        uiSchema={{ ...(uiSchema as UiSchema), 'ui:submitButtonOptions': { norender: true } }}
        formData={formData}
        validator={validator}
        widgets={widgets}
        extraErrors={extraErrors as ErrorSchema | undefined}
        showErrorList={false}
        transformErrors={(errors) => localizeErrors(errors, t)}
        noHtml5Validate
        readonly={readonly}
        onChange={(e) => onChange?.((e.formData ?? {}) as Data)}
        onSubmit={(e) => onSubmit?.((e.formData ?? {}) as Data)}
        // An option's `const` is not a default: a new record starts empty.
        experimental_defaultFormStateBehavior={{
          constAsDefaults: 'never',
          emptyObjectFields: 'skipEmptyDefaults',
        }}
      />
    </div>
  );
}
