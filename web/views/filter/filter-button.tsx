import { FilterOutlined } from '@ant-design/icons';
import { Button, Popover } from 'antd';
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormWorkflow } from '../../api/record-workflow';
import type { FieldChoice } from '../shared/field-choices';
import { PopoverLoading } from '../shared/popover-loading';
import { type GroupNode, countConditions, fromJsonFilter, toJsonFilter } from './filter-model';

// The builder (and the date, number and option inputs it brings) loads when the popover first opens.
const FilterBuilder = lazy(() => import('./filter-builder').then((m) => ({ default: m.FilterBuilder })));

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const blank = (): GroupNode => ({ id: 'root', conj: 'and', items: [] });

interface Props {
  filter: unknown;
  onFilter: (filter: unknown) => void;
  choices: FieldChoice[];
  workflow: FormWorkflow | null | undefined;
}

/**
 * The 筛选 button and its builder. The rows are kept while someone types (unfinished rows are not
 * in the JSON); they are rebuilt only when the filter changes from outside (another view).
 */
export function FilterButton({ filter, onFilter, choices, workflow }: Props) {
  const { t } = useTranslation();
  const kinds = useMemo(() => new Map(choices.map((c) => [c.key, c.kind])), [choices]);
  const kindOf = useCallback((k: string) => kinds.get(k), [kinds]);
  const [tree, setTree] = useState<GroupNode>(() => fromJsonFilter(filter, kindOf) ?? blank());
  const [advanced, setAdvanced] = useState(() => !fromJsonFilter(filter, kindOf));
  const emitted = useRef<unknown>(filter);
  const onFilterRef = useRef(onFilter);
  onFilterRef.current = onFilter;

  useEffect(() => {
    if (same(filter, emitted.current)) return;
    emitted.current = filter;
    const parsed = fromJsonFilter(filter, kindOf);
    setTree(parsed ?? blank());
    setAdvanced(!parsed);
  }, [filter, kindOf]);

  // Typing in a value waits a moment before the records are asked again.
  useEffect(() => {
    if (advanced && !tree.items.length) return;
    const json = toJsonFilter(tree, kindOf);
    if (same(json, emitted.current)) return;
    const h = setTimeout(() => {
      emitted.current = json;
      setAdvanced(false);
      onFilterRef.current(json);
    }, 350);
    return () => clearTimeout(h);
  }, [tree, kindOf, advanced]);

  const count = countConditions(filter);
  return (
    <Popover
      trigger="click"
      placement="bottomLeft"
      content={
        <Suspense fallback={<PopoverLoading />}>
          <FilterBuilder
            tree={tree}
            onChange={setTree}
            choices={choices}
            workflow={workflow}
            advanced={advanced}
          />
        </Suspense>
      }
    >
      <Button type={count ? 'primary' : 'text'} ghost={!!count} icon={<FilterOutlined />}>
        {count ? t('views.filterCount', { count }) : t('views.filter')}
      </Button>
    </Popover>
  );
}
