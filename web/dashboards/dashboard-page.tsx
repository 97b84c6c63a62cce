import {
  DeleteOutlined,
  EditOutlined,
  LayoutOutlined,
  PlusOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, Empty, Input, Segmented, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useAppForms, useApps } from '../api/apps';
import {
  type Dashboard,
  type Widget,
  useDashboard,
  useDashboardData,
  useDashboards,
  useDeleteDashboard,
  useSaveDashboard,
} from '../api/dashboards';
import { errorMessage } from '../records/errors';
import { DashboardGrid } from './dashboard-grid';
import { placeNew } from './layout';
import { WidgetEditor, newWidget, sizeOf } from './widget-editor';
import { WidgetView } from './widget-view';
import './dashboards.css';

type Editing = (Omit<Widget, 'id' | 'layout'> & Partial<Pick<Widget, 'id' | 'layout'>>) | null;

/** `/apps/:appId/dashboards/:dashboardId?`: an app's dashboards; widgets added, arranged and resized on a grid. */
export default function DashboardPage() {
  const { appId = '', dashboardId } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const apps = useApps();
  const list = useDashboards(appId);
  const save = useSaveDashboard(appId);
  const remove = useDeleteDashboard(appId);
  const app = apps.data?.find((a) => a.id === appId);

  useEffect(() => {
    if (!dashboardId && list.data?.length)
      navigate(`/apps/${appId}/dashboards/${list.data[0].id}`, { replace: true });
  }, [dashboardId, list.data, appId, navigate]);

  const create = () =>
    save.mutate(
      { doc: { name: t('dashboards.newName'), widgets: [] } },
      {
        onSuccess: (d) => navigate(`/apps/${appId}/dashboards/${d.id}`),
        onError: (e) => message.error(errorMessage(e, t)),
      },
    );

  const rename = (d: Dashboard) => {
    let name = d.name;
    modal.confirm({
      title: t('dashboards.rename'),
      icon: null,
      content: (
        <Input
          defaultValue={d.name}
          onChange={(e) => (name = e.target.value)}
          aria-label={t('dashboards.name')}
        />
      ),
      onOk: () =>
        save
          .mutateAsync({
            id: d.id,
            doc: { name: name.trim() || d.name, description: d.description, widgets: d.widgets },
          })
          .catch((e) => message.error(errorMessage(e, t))),
    });
  };
  const confirmDelete = (d: Dashboard) =>
    modal.confirm({
      title: t('common.confirmDelete'),
      content: t('dashboards.deleteConfirm', { name: d.name }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () =>
        remove.mutateAsync(d.id).then(
          () => navigate(`/apps/${appId}/dashboards`, { replace: true }),
          (e) => message.error(errorMessage(e, t)),
        ),
    });

  return (
    <div className="page">
      <div className="page-heading">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('dashboards.title')}
            {app ? ` · ${app.name}` : ''}
          </Typography.Title>
          {(list.data?.length ?? 0) > 1 && (
            <Segmented
              style={{ marginTop: 12 }}
              value={dashboardId}
              onChange={(id) => navigate(`/apps/${appId}/dashboards/${id}`)}
              options={(list.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          )}
        </div>
        <Button icon={<PlusOutlined />} onClick={create} loading={save.isPending && !save.variables?.id}>
          {t('dashboards.new')}
        </Button>
      </div>
      {list.isLoading ? (
        <Skeleton active />
      ) : !list.data?.length ? (
        <Empty
          className="page-empty"
          description={
            <>
              <div>{t('dashboards.empty')}</div>
              <Typography.Text type="secondary">{t('dashboards.emptyHint')}</Typography.Text>
            </>
          }
        >
          <Button type="primary" icon={<PlusOutlined />} onClick={create}>
            {t('dashboards.new')}
          </Button>
        </Empty>
      ) : dashboardId ? (
        <DashboardView
          key={dashboardId}
          appId={appId}
          id={dashboardId}
          onRename={rename}
          onDelete={confirmDelete}
        />
      ) : null}
    </div>
  );
}

function DashboardView({
  appId,
  id,
  onRename,
  onDelete,
}: {
  appId: string;
  id: string;
  onRename: (d: Dashboard) => void;
  onDelete: (d: Dashboard) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const dashboard = useDashboard(id);
  const forms = useAppForms(appId);
  const data = useDashboardData(id, dashboard.data?.version);
  const save = useSaveDashboard(appId);
  const [editing, setEditing] = useState(false);
  const [widgetDraft, setWidgetDraft] = useState<Editing>(null);
  const [widgets, setWidgets] = useState<Widget[]>([]);
  useEffect(() => setWidgets(dashboard.data?.widgets ?? []), [dashboard.data]);

  if (dashboard.isLoading) return <Skeleton active />;
  if (!dashboard.data) return <Empty description={errorMessage(dashboard.error, t)} />;
  const d = dashboard.data;

  const persist = (next: Widget[], done?: () => void) => {
    setWidgets(next);
    save.mutate(
      { id: d.id, doc: { name: d.name, description: d.description, widgets: next } },
      {
        onSuccess: () => done?.(),
        onError: (e) => {
          setWidgets(d.widgets);
          message.error(errorMessage(e, t));
        },
      },
    );
  };
  const saveWidget = (w: NonNullable<Editing>) => {
    if (w.id)
      persist(
        widgets.map((x) => (x.id === w.id ? ({ ...x, ...w } as Widget) : x)),
        () => setWidgetDraft(null),
      );
    else {
      const { w: width, h } = sizeOf(w.type);
      persist(
        [
          ...widgets,
          { ...w, id: `w${Date.now().toString(36)}`, layout: placeNew(widgets, width, h) } as Widget,
        ],
        () => setWidgetDraft(null),
      );
    }
  };
  const removeWidget = (w: Widget) =>
    modal.confirm({
      title: t('dashboards.removeConfirm', { title: w.title }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () => persist(widgets.filter((x) => x.id !== w.id)),
    });
  const byId = new Map((data.data?.widgets ?? []).map((x) => [x.id, x]));

  return (
    <>
      <div className="page-toolbar">
        <Space size={8} align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {d.name}
          </Typography.Title>
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            onClick={() => onRename(d)}
            aria-label={t('dashboards.rename')}
          />
          {data.data && (
            <Typography.Text type="secondary">
              {t('dashboards.updatedAt', { at: dayjs(data.data.at).format('HH:mm:ss') })}
            </Typography.Text>
          )}
          {editing && <Typography.Text type="secondary">· {t('dashboards.dragHint')}</Typography.Text>}
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => data.refetch()} loading={data.isFetching}>
            {t('dashboards.refresh')}
          </Button>
          <Button
            icon={<LayoutOutlined />}
            type={editing ? 'primary' : 'default'}
            onClick={() => setEditing(!editing)}
          >
            {editing ? t('dashboards.done') : t('dashboards.edit')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setWidgetDraft(newWidget(forms.data?.[0]?.id ?? ''))}
          >
            {t('dashboards.addWidget')}
          </Button>
          <Button
            danger
            icon={<DeleteOutlined />}
            onClick={() => onDelete(d)}
            aria-label={t('common.delete')}
          />
        </Space>
      </div>
      {widgets.length ? (
        <DashboardGrid
          widgets={widgets}
          editing={editing}
          loading={data.isFetching && !data.data}
          onLayout={(next) => persist(next)}
          onEdit={(w) => setWidgetDraft(w)}
          onRemove={removeWidget}
          render={(w) => <WidgetView widget={w} data={byId.get(w.id)} />}
        />
      ) : (
        <Empty
          className="page-empty"
          description={
            <>
              <div>{t('dashboards.noWidgets')}</div>
              <Typography.Text type="secondary">{t('dashboards.noWidgetsHint')}</Typography.Text>
            </>
          }
        >
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setWidgetDraft(newWidget(forms.data?.[0]?.id ?? ''))}
          >
            {t('dashboards.addWidget')}
          </Button>
        </Empty>
      )}
      {widgetDraft && (
        <WidgetEditor
          initial={widgetDraft}
          forms={forms.data ?? []}
          onSave={saveWidget}
          onClose={() => setWidgetDraft(null)}
          saving={save.isPending}
        />
      )}
    </>
  );
}
