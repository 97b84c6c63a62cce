import { type ComponentProps, Suspense, lazy, useEffect, useState } from 'react';
import { PopoverLoading } from '../shared/popover-loading';

/**
 * The grid's occasional parts (sort builder, column menu, bulk edit) load when first shown, not
 * with the data page: grid-view.tsx imports them from here under their own names.
 */
const loadSortBuilder = () => import('./sort-builder');
const loadColumnMenu = () => import('./column-menu');
const loadBulkEdit = () => import('./bulk-edit-modal');
const LazySortBuilder = lazy(() => loadSortBuilder().then((m) => ({ default: m.SortBuilder })));
const LazyColumnMenu = lazy(() => loadColumnMenu().then((m) => ({ default: m.ColumnMenu })));
const LazyBulkEditModal = lazy(() => loadBulkEdit().then((m) => ({ default: m.BulkEditModal })));

export function SortBuilder(props: ComponentProps<typeof LazySortBuilder>) {
  return (
    <Suspense fallback={<PopoverLoading />}>
      <LazySortBuilder {...props} />
    </Suspense>
  );
}

export function ColumnMenu(props: ComponentProps<typeof LazyColumnMenu>) {
  return (
    <Suspense fallback={<PopoverLoading />}>
      <LazyColumnMenu {...props} />
    </Suspense>
  );
}

/** Mounted from its first opening on (closing still animates); it starts loading as soon as rows are selected. */
export function BulkEditModal(props: ComponentProps<typeof LazyBulkEditModal>) {
  const [used, setUsed] = useState(props.open);
  if (props.open && !used) setUsed(true);
  const anySelected = props.records.length > 0;
  useEffect(() => {
    if (anySelected) void loadBulkEdit().catch(() => undefined);
  }, [anySelected]);
  return used ? (
    <Suspense fallback={null}>
      <LazyBulkEditModal {...props} />
    </Suspense>
  ) : null;
}
