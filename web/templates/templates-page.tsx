import {
  AppstoreAddOutlined,
  AppstoreOutlined,
  CheckCircleFilled,
  CloudDownloadOutlined,
  EyeOutlined,
  LineChartOutlined,
  PhoneOutlined,
  ProjectOutlined,
  SolutionOutlined,
  SyncOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Input,
  List,
  Modal,
  Row,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApps } from '../api/apps';
import { keys } from '../api/keys';
import { fetchTemplate, type TemplateSummary, useInstallTemplate, useTemplates } from '../api/templates';
import type { App } from '../api/types';
import { errorMessage } from '../records/errors';
import { TemplatePreview } from './template-preview';
import { planLines, templateStats } from './template-stats';
import './templates.css';

/** Icon names templates use (antd icon names without the style suffix). */
const ICONS: Record<string, React.ReactNode> = {
  appstore: <AppstoreOutlined />,
  'line-chart': <LineChartOutlined />,
  phone: <PhoneOutlined />,
  project: <ProjectOutlined />,
  solution: <SolutionOutlined />,
  team: <TeamOutlined />,
};
const iconOf = (icon?: string | null) =>
  !icon ? (
    <AppstoreAddOutlined />
  ) : (
    (ICONS[icon] ?? (/^[a-z-]+$/i.test(icon) ? <AppstoreAddOutlined /> : icon))
  );

const PLAN_COLORS: Record<string, string> = {
  add: 'green',
  change: 'blue',
  remove: 'red',
  keep: 'default',
  conflict: 'orange',
};

/** `/templates`: the gallery — what each template holds, a live preview, install (with sample data) and upgrade. */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const templates = useTemplates();
  const apps = useApps();
  const docs = useQueries({
    queries: (templates.data ?? []).map((tpl) => ({
      queryKey: keys.template(tpl.id),
      queryFn: () => fetchTemplate(tpl.id),
      staleTime: 5 * 60_000,
    })),
  });
  const install = useInstallTemplate();
  const [category, setCategory] = useState('');
  const [q, setQ] = useState('');
  const [preview, setPreview] = useState<TemplateSummary>();
  const [installing, setInstalling] = useState<TemplateSummary>();
  const [sampleData, setSampleData] = useState(true);
  const [upgrading, setUpgrading] = useState<{ tpl: TemplateSummary; app: App }>();

  const list = useMemo(() => templates.data ?? [], [templates.data]);
  const categories = useMemo(
    () => [...new Set(list.map((x) => x.category || t('templates.categoryOther')))],
    [list, t],
  );
  const shown = list.filter(
    (x) =>
      (!category || (x.category || t('templates.categoryOther')) === category) &&
      (!q || `${x.name}${x.description ?? ''}`.toLowerCase().includes(q.toLowerCase())),
  );
  const installedIn = (id: string) => (apps.data ?? []).filter((a) => a.templateId === id);

  const doInstall = () => {
    if (!installing) return;
    install.mutate(
      { id: installing.id, sampleData },
      {
        onSuccess: (r) => {
          message.success(t('templates.installedOk', { name: installing.name }));
          setInstalling(undefined);
          const app = (r.app ?? r) as App;
          const first = app.forms?.[0];
          navigate(first ? `/forms/${first.id}` : '/');
        },
        onError: (e) => message.error(errorMessage(e, t)),
      },
    );
  };

  return (
    <div className="page">
      <div className="page-heading">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('templates.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('templates.subtitle')}</Typography.Text>
        </div>
        <Input.Search
          allowClear
          placeholder={t('templates.search')}
          style={{ width: 260 }}
          onSearch={setQ}
          onChange={(e) => !e.target.value && setQ('')}
        />
      </div>
      {categories.length > 1 && (
        <Segmented
          style={{ marginBottom: 16 }}
          value={category}
          onChange={(v) => setCategory(String(v))}
          options={[
            { value: '', label: t('templates.all') },
            ...categories.map((c) => ({ value: c, label: c })),
          ]}
        />
      )}
      {templates.isLoading ? (
        <Skeleton active />
      ) : templates.error ? (
        <Alert type="warning" showIcon title={errorMessage(templates.error, t)} />
      ) : !shown.length ? (
        <Empty className="page-empty" description={t('templates.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {shown.map((tpl) => {
            const doc = docs[list.indexOf(tpl)]?.data;
            const stats = templateStats(doc);
            const where = installedIn(tpl.id);
            return (
              <Col key={tpl.id} xs={24} md={12} xl={8}>
                <Card
                  className="template-card"
                  data-testid="template-card"
                  actions={[
                    <Button key="preview" type="link" icon={<EyeOutlined />} onClick={() => setPreview(tpl)}>
                      {t('templates.preview')}
                    </Button>,
                    where.length ? (
                      <Button
                        key="upgrade"
                        type="link"
                        icon={<SyncOutlined />}
                        onClick={() => setUpgrading({ tpl, app: where[0] })}
                      >
                        {t('templates.upgrade')}
                      </Button>
                    ) : null,
                    <Button
                      key="install"
                      type="link"
                      icon={<CloudDownloadOutlined />}
                      onClick={() => {
                        setSampleData(true);
                        setInstalling(tpl);
                      }}
                    >
                      {t('templates.install')}
                    </Button>,
                  ].filter(Boolean)}
                >
                  <div className="template-head">
                    <span className="template-icon">{iconOf(tpl.icon)}</span>
                    <div className="template-title">
                      <Typography.Text strong className="template-name">
                        {tpl.name}
                      </Typography.Text>
                      <Space size={4} wrap>
                        {tpl.category && <Tag color="blue">{tpl.category}</Tag>}
                        <Tag>{t('templates.version', { version: tpl.version })}</Tag>
                        {where.length > 0 && (
                          <Tag icon={<CheckCircleFilled />} color="success">
                            {t('templates.installed')}
                          </Tag>
                        )}
                      </Space>
                    </div>
                  </div>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} className="template-desc">
                    {tpl.description}
                  </Typography.Paragraph>
                  {doc ? (
                    <div className="template-stats">
                      <span>{t('templates.forms', { count: stats.forms })}</span>
                      <span>{t('templates.fields', { count: stats.fields })}</span>
                      {stats.workflows > 0 && (
                        <span>{t('templates.workflows', { count: stats.workflows })}</span>
                      )}
                      {stats.automations > 0 && (
                        <span>{t('templates.automations', { count: stats.automations })}</span>
                      )}
                      {stats.dashboards > 0 && (
                        <span>{t('templates.dashboards', { count: stats.dashboards })}</span>
                      )}
                    </div>
                  ) : (
                    <Skeleton.Input active size="small" />
                  )}
                  {doc && (
                    <div className="template-forms">
                      {(Array.isArray(doc.forms) ? doc.forms : []).map((f) => (
                        <Tag key={f.key}>{f.name}</Tag>
                      ))}
                    </div>
                  )}
                  {where.length > 0 && (
                    <Typography.Text type="secondary" className="template-where">
                      {t('templates.installedIn', { app: where.map((a) => a.name).join('、') })}
                    </Typography.Text>
                  )}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}

      {preview && (
        <TemplatePreview
          template={preview}
          onClose={() => setPreview(undefined)}
          footer={
            <Button
              type="primary"
              icon={<CloudDownloadOutlined />}
              onClick={() => {
                setSampleData(true);
                setInstalling(preview);
                setPreview(undefined);
              }}
            >
              {t('templates.install')}
            </Button>
          }
        />
      )}
      <Modal
        open={!!installing}
        title={installing ? `${t('templates.install')} · ${installing.name}` : ''}
        onCancel={() => setInstalling(undefined)}
        onOk={doInstall}
        okText={install.isPending ? t('templates.installing') : t('templates.install')}
        cancelText={t('common.cancel')}
        confirmLoading={install.isPending}
      >
        {installing?.description && (
          <Typography.Paragraph type="secondary">{installing.description}</Typography.Paragraph>
        )}
        <Checkbox checked={sampleData} onChange={(e) => setSampleData(e.target.checked)}>
          {t('templates.sampleData')}
        </Checkbox>
        <div>
          <Typography.Text type="secondary" className="template-hint">
            {t('templates.sampleDataHint')}
          </Typography.Text>
        </div>
      </Modal>
      {upgrading && (
        <UpgradeDialog tpl={upgrading.tpl} app={upgrading.app} onClose={() => setUpgrading(undefined)} />
      )}
    </div>
  );
}

/** Upgrading an installed app: first the plan (what would change), then the confirmed upgrade. */
function UpgradeDialog({ tpl, app, onClose }: { tpl: TemplateSummary; app: App; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const plan = useInstallTemplate();
  const apply = useInstallTemplate();
  const { mutate: askPlan } = plan;
  useEffect(() => askPlan({ id: tpl.id, appId: app.id, plan: true }), [askPlan, tpl.id, app.id]);
  const body = plan.data?.plan;
  const lines = planLines(body);
  return (
    <Modal
      open
      width={640}
      title={t('templates.upgradeTitle', { app: app.name })}
      onCancel={onClose}
      okText={t('templates.confirmUpgrade')}
      okButtonProps={{ disabled: !plan.data || !!plan.error }}
      confirmLoading={apply.isPending}
      onOk={() =>
        apply.mutate(
          { id: tpl.id, appId: app.id, confirm: true },
          {
            onSuccess: () => {
              message.success(t('templates.upgraded', { app: app.name }));
              onClose();
            },
            onError: (e) => message.error(errorMessage(e, t)),
          },
        )
      }
    >
      {plan.isPending && <Skeleton active title={false} paragraph={{ rows: 3 }} />}
      {plan.error && <Alert type="error" showIcon title={errorMessage(plan.error, t)} />}
      {plan.data &&
        (lines.length ? (
          <>
            <Typography.Paragraph type="secondary">{t('templates.planHint')}</Typography.Paragraph>
            <List
              size="small"
              bordered
              dataSource={lines}
              renderItem={(l) => (
                <List.Item>
                  <Space>
                    <Tag color={PLAN_COLORS[l.action] ?? 'default'}>
                      {t(`templates.plan.${l.action}`, { defaultValue: l.action })}
                    </Tag>
                    {l.kind && <Typography.Text type="secondary">{l.kind}</Typography.Text>}
                    <span>{l.text}</span>
                  </Space>
                </List.Item>
              )}
            />
          </>
        ) : (
          <Alert type="success" showIcon title={t('templates.planEmpty')} />
        ))}
    </Modal>
  );
}
