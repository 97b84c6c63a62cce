import { Button, Input, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Filter } from '../../../server/filter/filter.schema';
import { useFormWorkflow } from '../../api/record-workflow';
import type { FieldDef } from '../../api/types';
import { fieldChoices } from '../shared/field-choices';
import { FilterBuilder } from './filter-builder';
import { type GroupNode, fromJsonFilter, toJsonFilter } from './filter-model';

interface Props {
  /** The form the filter tests (its workflow adds the state to the fields offered). */
  formId?: string;
  fields: readonly FieldDef[];
  value: Filter | undefined;
  onChange: (filter: Filter | undefined) => void;
}

/**
 * A filter held as JSON by its owner (an automation's condition, a branch, a dashboard widget), edited
 * with the views' builder: the same rows, operators and value inputs everywhere. A filter the rows
 * cannot show (a `not`) is edited as JSON text instead, and the text is always one click away.
 */
export function FilterEditor({ formId, fields, value, onChange }: Props) {
  const { t } = useTranslation();
  const workflow = useFormWorkflow(formId).data;
  const choices = useMemo(() => fieldChoices(fields, workflow, t), [fields, workflow, t]);
  const kindOf = useCallback((k: string) => choices.find((c) => c.key === k)?.kind, [choices]);
  // Half-written rows live here until they are complete enough to be part of the filter.
  const [tree, setTree] = useState<GroupNode | undefined>(() => fromJsonFilter(value, kindOf));
  const [json, setJson] = useState<string | null>(() => (tree ? null : JSON.stringify(value, null, 2)));
  const [jsonError, setJsonError] = useState(false);

  if (json !== null || !tree) {
    return (
      <div>
        <Typography.Text type="secondary">{t('automations.condition.complex')}</Typography.Text>
        <Input.TextArea
          className="mono"
          autoSize={{ minRows: 4, maxRows: 16 }}
          value={json ?? ''}
          status={jsonError ? 'error' : undefined}
          onChange={(e) => {
            setJson(e.target.value);
            try {
              onChange(e.target.value.trim() ? (JSON.parse(e.target.value) as Filter) : undefined);
              setJsonError(false);
            } catch {
              setJsonError(true);
            }
          }}
        />
        {jsonError && (
          <Typography.Text type="danger">{t('automations.condition.invalidJson')}</Typography.Text>
        )}
      </div>
    );
  }
  const change = (next: GroupNode) => {
    setTree(next);
    onChange(toJsonFilter(next, kindOf) as Filter | undefined);
  };
  return (
    <div>
      <FilterBuilder tree={tree} onChange={change} choices={choices} workflow={workflow} />
      <Button size="small" type="link" onClick={() => setJson(JSON.stringify(value ?? { and: [] }, null, 2))}>
        {t('automations.condition.json')}
      </Button>
    </div>
  );
}
