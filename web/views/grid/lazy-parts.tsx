import { type ComponentProps, Suspense, useEffect } from 'react';
import { lazyComponent } from '../../lazy/lazy-component';
import { preloader } from '../../lazy/preloader';
import { useOpenedOnce } from '../../lazy/use-opened-once';
import { PopoverLoading } from '../shared/popover-loading';

/**
 * The grid's occasional parts (sort builder, column menu, bulk edit) load when first shown, not
 * with the data page: grid-view.tsx imports them from here under their own names.
 */
const bulkEditCode = preloader(() => import('./bulk-edit-modal'));
const LazySortBuilder = lazyComponent(
  preloader(() => import('./sort-builder')),
  (m) => m.SortBuilder,
);
const LazyColumnMenu = lazyComponent(
  preloader(() => import('./column-menu')),
  (m) => m.ColumnMenu,
);
const LazyBulkEditModal = lazyComponent(bulkEditCode, (m) => m.BulkEditModal);

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

/** Mounted from its first opening on; its code starts loading as soon as rows are selected, so it opens at once. */
export function BulkEditModal(props: ComponentProps<typeof LazyBulkEditModal>) {
  const opened = useOpenedOnce(props.open);
  const anySelected = props.records.length > 0;
  useEffect(() => {
    if (anySelected) bulkEditCode.preload().catch(() => undefined);
  }, [anySelected]);
  return opened ? (
    <Suspense fallback={null}>
      <LazyBulkEditModal {...props} />
    </Suspense>
  ) : null;
}
