import { ArrowDownOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useForm, useFormAccess } from '../api/forms';
import { type ChurnItem, useChurn, useSegmentation } from '../api/segments';
import { titleKeyOf, titleOf } from '../pickers/record-titles';
import { errorMessage } from '../records/errors';
import { PageHead } from './segments-page';
import './analysis.css';

const DAY_CHOICES = [14, 30, 60, 90, 180, 365];

/** `/forms/:formId/churn`: customers slipping away, with the reason; a row opens the record. */
export default function ChurnPage() {
  const { formId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const form = useForm(formId);
  const access = useFormAccess(formId).data;
  const seg = useSegmentation(formId);
  const settings = seg.data?.churn;
  const [days, setDays] = useState<number>();
  const inactiveDays = days ?? settings?.inactiveDays ?? 60;
  const churn = useChurn(formId, days, !!settings);
  const titleKey = titleKeyOf(form.data);
  const en = i18n.language === 'en';

  const dayOptions = [...new Set([...DAY_CHOICES, inactiveDays])]
    .sort((a, b) => a - b)
    .map((d) => ({ value: d, label: t('analysis.churnPage.inactive', { count: d }) }));

  let body: React.ReactNode;
  if (seg.isLoading || form.isLoading) body = <Skeleton active />;
  else if (seg.isError) body = <Alert type="warning" showIcon title={errorMessage(seg.error, t)} />;
  else if (!settings)
    body = (
      <Empty
        className="page-empty churn-unset"
        description={
          <>
            <div>{t('analysis.churnPage.notSet')}</div>
            <Typography.Paragraph type="secondary" className="churn-unset-hint">
              {t('analysis.churnPage.notSetHint')}
            </Typography.Paragraph>
          </>
        }
      >
        {access?.actions.includes('manage') && (
          <Link to={`/forms/${formId}/segments`}>
            <Button type="primary" icon={<SettingOutlined />}>
              {t('analysis.churnPage.openSettings')}
            </Button>
          </Link>
        )}
      </Empty>
    );
  else if (churn.isError) body = <Alert type="warning" showIcon title={errorMessage(churn.error, t)} />;
  else
    body = (
      <Card size="small" className="analysis-card">
        <Table<ChurnItem>
          size="middle"
          rowKey="id"
          loading={churn.isLoading}
          dataSource={churn.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <>
                    <div>{t('analysis.churnPage.empty')}</div>
                    <Typography.Text type="secondary">{t('analysis.churnPage.emptyHint')}</Typography.Text>
                  </>
                }
              />
            ),
          }}
          onRow={(r) => ({
            onClick: () => navigate(`/forms/${formId}?record=${r.id}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              key: 'customer',
              title: t('analysis.churnPage.customer'),
              render: (_, r) => <Typography.Link>{titleOf(r.record, titleKey, r.id)}</Typography.Link>,
            },
            {
              key: 'reason',
              title: t('analysis.churnPage.reason'),
              render: (_, r) => (
                <Tag color={r.lastInteraction && r.recent < r.previous ? 'orange' : 'red'}>
                  {en ? r.reasonEn : r.reason}
                </Tag>
              ),
            },
            {
              key: 'last',
              title: t('analysis.churnPage.lastInteraction'),
              width: 160,
              sorter: (a, b) => (a.lastInteraction ?? '').localeCompare(b.lastInteraction ?? ''),
              render: (_, r) =>
                r.lastInteraction ? (
                  dayjs(r.lastInteraction).format('YYYY-MM-DD')
                ) : (
                  <Typography.Text type="secondary">{t('analysis.churnPage.never')}</Typography.Text>
                ),
            },
            {
              key: 'trend',
              title: t('analysis.churnPage.trend'),
              width: 160,
              align: 'right',
              render: (_, r) => (
                <Space size={4}>
                  <Typography.Text strong>{r.recent}</Typography.Text>
                  <Typography.Text type="secondary">/ {r.previous}</Typography.Text>
                  {r.recent < r.previous && <ArrowDownOutlined style={{ color: '#cf1322' }} />}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    );

  if (form.isError)
    return (
      <div className="page">
        <Alert type="warning" showIcon title={errorMessage(form.error, t)} />
      </div>
    );
  return (
    <div className="page analysis-page">
      <PageHead formId={formId} name={form.data?.name} title={t('analysis.churnPage.title')} />
      {settings && (
        <div className="churn-bar">
          <Typography.Text type="secondary">{t('analysis.churnPage.hint')}</Typography.Text>
          <Space>
            {churn.data && (
              <Typography.Text>
                {t('analysis.churnPage.count', { count: churn.data.items.length })}
              </Typography.Text>
            )}
            <Select
              style={{ width: 180 }}
              value={inactiveDays}
              onChange={setDays}
              options={dayOptions}
              aria-label={t('analysis.churnPage.inactiveLabel')}
            />
          </Space>
        </div>
      )}
      {body}
    </div>
  );
}
