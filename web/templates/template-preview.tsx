import { Drawer, Empty, List, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type TemplateSummary, useTemplate } from '../api/templates';
import type { FieldDef } from '../api/types';
import { previewSchema } from '../fields/preview-schema';
import { ErrorBoundary } from '../layout/error-boundary';
import { LazyRecordForm } from '../records/lazy-record-form';
import { formsOf } from './template-stats';
import { useDrawerSize } from '../hooks/use-drawer-size';

/** A template's forms rendered live by rjsf from its field definitions, and what else it installs. */
export function TemplatePreview({
  template,
  onClose,
  footer,
}: {
  template: TemplateSummary;
  onClose: () => void;
  footer?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const doc = useTemplate(template.id);
  const forms = formsOf(doc.data);
  const named = (list: unknown) =>
    Array.isArray(list)
      ? list
          .map((x) =>
            x && typeof x === 'object'
              ? String((x as Record<string, unknown>).name ?? (x as Record<string, unknown>).key ?? '')
              : String(x),
          )
          .filter(Boolean)
      : [];
  const extras = [
    ...named(doc.data?.automations).map((n) => ({ kind: t('automations.menu'), n })),
    ...named(doc.data?.dashboards).map((n) => ({ kind: t('dashboards.menu'), n })),
  ];
  const drawerSize = useDrawerSize(720);
  return (
    <Drawer
      open
      size={drawerSize}
      title={
        <Space>
          {template.name}
          <Tag>{t('templates.version', { version: template.version })}</Tag>
        </Space>
      }
      onClose={onClose}
      footer={footer}
      loading={doc.isLoading}
    >
      {template.description && (
        <Typography.Paragraph type="secondary">{template.description}</Typography.Paragraph>
      )}
      <Typography.Title level={5}>{t('templates.formPreview')}</Typography.Title>
      {forms.length ? (
        <Tabs
          items={forms.map((f) => ({
            key: f.key,
            label: f.name,
            children: <FormPreview fields={(f.fields ?? []) as unknown as FieldDef[]} />,
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      {extras.length > 0 && (
        <>
          <Typography.Title level={5}>{t('templates.inside')}</Typography.Title>
          <List
            size="small"
            dataSource={extras}
            renderItem={(x) => (
              <List.Item>
                <Space>
                  <Tag>{x.kind}</Tag>
                  {x.n}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Drawer>
  );
}

function FormPreview({ fields }: { fields: Parameters<typeof previewSchema>[0] }) {
  const { t } = useTranslation();
  const schema = useMemo(() => previewSchema(fields), [fields]);
  if (!fields.length) return <Typography.Text type="secondary">{t('templates.noFields')}</Typography.Text>;
  return (
    <div className="template-form-preview">
      <ErrorBoundary resetKey={schema}>
        <LazyRecordForm schema={schema} formData={{}} />
      </ErrorBoundary>
    </div>
  );
}
