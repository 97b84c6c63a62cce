import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useDepartmentNames, usePeopleNames } from '../../api/people';
import type { FieldDef } from '../../api/types';
import { FieldCell } from '../../fields/field-cell';
import { useRecordTitles } from '../../pickers/record-titles';

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);

// Cells use light spans styled like antd tags: a grid mounts hundreds of them while scrolling.
function Names({ list, names }: { list: string[]; names: Map<string, string> }) {
  return (
    <>
      {list.map((id) => (
        <span key={id} className="cell-tag cell-ref">
          {names.get(id) ?? id}
        </span>
      ))}
    </>
  );
}

function Options({ field, value }: { field: FieldDef; value: unknown }) {
  const list = Array.isArray(value) ? value.map(String) : [String(value)];
  return (
    <>
      {list.map((v) => {
        const o = field.options?.find((x) => x.value === v);
        return (
          <span key={v} className={`cell-tag${o?.color && o.color !== 'default' ? ` tag-${o.color}` : ''}`}>
            {o?.label ?? v}
          </span>
        );
      })}
    </>
  );
}

function MemberNames({ value }: { value: unknown }) {
  return <Names list={ids(value)} names={usePeopleNames()} />;
}

function DepartmentNames({ value }: { value: unknown }) {
  return <Names list={ids(value)} names={useDepartmentNames()} />;
}

function RelationTitles({ formId, value }: { formId: string | undefined; value: unknown }) {
  const { t } = useTranslation();
  const list = ids(value);
  const titles = useRecordTitles(formId, list, t('pickers.removed'));
  return (
    <>
      {list.map((id) => (
        <span key={id} className="cell-tag cell-ref cell-link">
          {titles.get(id) ?? '…'}
        </span>
      ))}
    </>
  );
}

/** A field's value as a cell shows it: names for members, departments and linked records, else the type's own look. */
export function ValueCell({ field, value }: { field: FieldDef; value: unknown }) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length))
    return null;
  switch (field.type) {
    case 'select':
    case 'multiselect':
      return <Options field={field} value={value} />;
    case 'member':
      return <MemberNames value={value} />;
    case 'department':
      return <DepartmentNames value={value} />;
    case 'relation':
      return <RelationTitles formId={field.formId} value={value} />;
    case 'attachment':
      return (
        <span className="cell-files">
          <PaperClipOutlined /> {(value as Array<{ name?: string }>).map((f) => f.name).join('，')}
        </span>
      );
    default:
      return <FieldCell field={field} value={value} />;
  }
}
