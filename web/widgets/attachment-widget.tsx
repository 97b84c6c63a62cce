import type { WidgetProps } from '@rjsf/utils';
import { AttachmentUpload } from '../pickers/attachment-upload';

/** Attachments: upload with progress (`ui:options.maxFiles`, `accept`); the value is the uploaded files. */
export function AttachmentWidget({ id, value, onChange, disabled, readonly, options }: WidgetProps) {
  return (
    <AttachmentUpload
      id={id}
      value={Array.isArray(value) ? value : []}
      maxFiles={typeof options.maxFiles === 'number' ? options.maxFiles : 20}
      accept={
        Array.isArray(options.accept) && options.accept.length ? (options.accept as string[]) : undefined
      }
      disabled={disabled || readonly}
      onChange={(v) => onChange(v)}
    />
  );
}
