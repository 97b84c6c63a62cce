import { Spin } from 'antd';

/** What a popover shows while its lazily loaded content arrives: a spinner about the size of a short menu. */
export function PopoverLoading() {
  return (
    <div
      style={{
        minWidth: 240,
        minHeight: 64,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Spin size="small" />
    </div>
  );
}
