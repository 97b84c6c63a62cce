import { AppstoreOutlined, DashboardOutlined, ShopOutlined, ThunderboltOutlined, FileTextOutlined, HomeOutlined, MenuFoldOutlined, MenuUnfoldOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Layout, Menu, Spin, Tooltip, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useFormsByApp, useApps } from '../api/apps';
import { useMe } from '../api/auth';
import { ApiError } from '../api/client';
import { SettingOutlined } from '@ant-design/icons';
import { NotificationBell } from '../inbox/notification-bell';
import { UserMenu } from './user-menu';

const { Sider, Header, Content } = Layout;

/** The signed-in shell: Sider with apps and their forms, Header with search, bell and user menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const formId = useMatch('/forms/:formId/*')?.params.formId;
  const [collapsed, setCollapsed] = useState(false);
  const apps = useApps();
  const formsByApp = useFormsByApp(me.data ? apps.data : undefined);

  const menuItems = useMemo(
    () => [
      { key: '/', icon: <HomeOutlined />, label: t('shell.home') },
      { key: '/templates', icon: <ShopOutlined />, label: t('templates.menu') },
      { type: 'divider' as const },
      ...(apps.data ?? []).map((app) => {
        const forms = formsByApp.get(app.id) ?? [];
        return {
          key: `app:${app.id}`,
          icon: <AppstoreOutlined />,
          label: app.name,
          children: [
            ...(forms.length
              ? forms.map((f) => ({ key: `/forms/${f.id}`, icon: <FileTextOutlined />, label: f.name }))
              : [{ key: `empty:${app.id}`, label: <Typography.Text type="secondary">{t('shell.noForms')}</Typography.Text>, disabled: true }]),
            { key: `/apps/${app.id}/dashboards`, icon: <DashboardOutlined />, label: t('dashboards.menu') },
            { key: `/apps/${app.id}/automations`, icon: <ThunderboltOutlined />, label: t('automations.menu') },
          ],
        };
      }),
      ...(me.data?.isAdmin ? [{ type: 'divider' as const }, { key: '/admin', icon: <SettingOutlined />, label: t('admin.menu') }] : []),
    ],
    [apps.data, formsByApp, t, me.data?.isAdmin],
  );
  const openApp = (apps.data ?? []).find((a) => (formsByApp.get(a.id) ?? []).some((f) => f.id === formId));
  const [openKeys, setOpenKeys] = useState<string[] | undefined>();

  if (me.isLoading) return <div className="full-center"><Spin size="large" /></div>;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }

  return (
    <Layout className="shell">
      <Sider theme="light" width={232} collapsed={collapsed} collapsedWidth={64} className="shell-sider" trigger={null}>
        <div className="brand" onClick={() => navigate('/')} role="link">
          <div className="brand-mark">T</div>
          {!collapsed && <span className="brand-name">{t('app.name')}</span>}
        </div>
        <Menu
          mode="inline"
          className="shell-menu"
          selectedKeys={[formId ? `/forms/${formId}` : location.pathname.startsWith('/admin') ? '/admin' : location.pathname]}
          openKeys={collapsed ? undefined : (openKeys ?? (openApp ? [`app:${openApp.id}`] : []))}
          onOpenChange={setOpenKeys}
          items={menuItems}
          onClick={({ key }) => key.startsWith('/') && navigate(key)}
        />
      </Sider>
      <Layout>
        <Header className="shell-header">
          <Tooltip title={t('shell.collapse')}>
            <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed(!collapsed)} />
          </Tooltip>
          <Input
            className="shell-search"
            prefix={<SearchOutlined />}
            placeholder={t('shell.searchPlaceholder')}
            allowClear
            onPressEnter={(e) => navigate(`/?q=${encodeURIComponent((e.target as HTMLInputElement).value)}`)}
          />
          <div className="shell-header-right">
            <NotificationBell />
            <UserMenu user={me.data} />
          </div>
        </Header>
        <Content className="shell-content">
          <Suspense fallback={<div className="full-center"><Spin /></div>}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
