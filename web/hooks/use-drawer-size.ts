import { Grid } from 'antd';

/** A drawer's width: `desktop` px on wide screens, the whole screen on a phone (below `md`). */
export function useDrawerSize(desktop: number): number | string {
  return Grid.useBreakpoint().md === false ? '100%' : desktop;
}
