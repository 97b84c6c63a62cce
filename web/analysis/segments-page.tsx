import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useForm, useFormAccess } from '../api/forms';
import { type SegmentRules, useSegmentMatrix, useSegmentation } from '../api/segments';
import type { FieldDef } from '../api/types';
import { errorMessage } from '../records/errors';
import { AnalysisMenu } from './analysis-menu';
import { SegmentChart } from './segment-chart';
import { segmentLink } from './segment-grid';
import { SegmentSettings } from './segment-settings';
import './analysis.css';

/** `/forms/:formId/segments`: the segmentation model and rules, the matrix chart (a cell opens its customers) and, for managers, the settings. */
export default function SegmentsPage() {
  const { formId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm(formId);
  const access = useFormAccess(formId).data;
  const seg = useSegmentation(formId);
  const rules = seg.data?.rules;
  const matrix = useSegmentMatrix(formId, !!rules);
  const fields = form.data?.fields ?? [];
  const manage = !!access?.actions.includes('manage');
  const target = fields.find((f) => f.key === rules?.targetField);

  if (form.isError)
    return (
      <div className="page">
        <Alert type="warning" showIcon title={errorMessage(form.error, t)} />
      </div>
    );
  return (
    <div className="page analysis-page">
      <PageHead formId={formId} name={form.data?.name} title={t('analysis.segment.title')} />
      {seg.isLoading || form.isLoading ? (
        <Skeleton active />
      ) : seg.isError ? (
        <Alert type="warning" showIcon title={errorMessage(seg.error, t)} />
      ) : (
        <div className="analysis-columns">
          <div className="analysis-main">
            {rules ? (
              <>
                <Card title={t('analysis.segment.chart')} size="small" className="analysis-card">
                  {matrix.isError ? (
                    <Alert type="warning" showIcon title={errorMessage(matrix.error, t)} />
                  ) : matrix.data ? (
                    <SegmentChart
                      model={matrix.data.model}
                      items={matrix.data.items}
                      target={target}
                      onPick={(v) => navigate(segmentLink(formId, rules.targetField, v))}
                    />
                  ) : (
                    <Skeleton active />
                  )}
                </Card>
                <Card title={t('analysis.segment.rules')} size="small" className="analysis-card">
                  <RulesSummary rules={rules} fields={fields} />
                </Card>
              </>
            ) : (
              <Empty
                className="page-empty"
                description={
                  <>
                    <div>{t('analysis.segment.notSet')}</div>
                    <Typography.Text type="secondary">
                      {manage ? t('analysis.segment.notSetHint') : t('analysis.segment.notSetReadOnly')}
                    </Typography.Text>
                  </>
                }
              />
            )}
          </div>
          <Card title={t('analysis.segment.settings')} size="small" className="analysis-side">
            {manage ? (
              <SegmentSettings formId={formId} fields={fields} initial={seg.data ?? null} />
            ) : (
              <Typography.Text type="secondary">{t('analysis.segment.manageOnly')}</Typography.Text>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}

/** Back to the data page, the title, and the 分析 menu to switch to the other analysis. */
export function PageHead({ formId, name, title }: { formId: string; name?: string; title: string }) {
  const { t } = useTranslation();
  return (
    <div className="page-toolbar">
      <Space size={12} align="center">
        <Link to={`/forms/${formId}`}>
          <ArrowLeftOutlined /> {t('analysis.back')}
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {name ? `${name} · ${title}` : title}
        </Typography.Title>
      </Space>
      <AnalysisMenu formId={formId} />
    </div>
  );
}

function RulesSummary({ rules, fields }: { rules: SegmentRules; fields: readonly FieldDef[] }) {
  const { t } = useTranslation();
  const label = (k: string) => fields.find((f) => f.key === k)?.label ?? k;
  const num = (n: number) => n.toLocaleString();
  const items =
    rules.model === 'rfm'
      ? [
          {
            key: 'r',
            label: `R · ${t('analysis.segment.recencyField')}`,
            children: `${label(rules.recencyField)} ≤ ${rules.recentDays} ${t('analysis.segment.recentDays')}`,
          },
          {
            key: 'f',
            label: `F · ${t('analysis.segment.frequencyField')}`,
            children: `${label(rules.frequencyField)} ≥ ${num(rules.frequencyThreshold)}`,
          },
          {
            key: 'm',
            label: `M · ${t('analysis.segment.monetaryField')}`,
            children: `${label(rules.monetaryField)} ≥ ${num(rules.monetaryThreshold)}`,
          },
        ]
      : [
          {
            key: 'v',
            label: t('analysis.segment.valueField'),
            children: `${label(rules.valueField)} ≥ ${num(rules.valueThreshold)}`,
          },
          {
            key: 'p',
            label: t('analysis.segment.potentialField'),
            children: `${label(rules.potentialField)} ≥ ${num(rules.potentialThreshold)}`,
          },
        ];
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color="blue">{t(`analysis.segment.models.${rules.model}`)}</Tag>
        <Typography.Text type="secondary">{t(`analysis.segment.modelHint.${rules.model}`)}</Typography.Text>
      </Space>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 't', label: t('analysis.segment.writesTo'), children: label(rules.targetField) },
          ...items,
        ]}
      />
    </>
  );
}
