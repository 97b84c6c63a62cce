import {
  AppstoreOutlined,
  DashboardOutlined,
  ShopOutlined,
  ThunderboltOutlined,
  FileTextOutlined,
  HomeOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Spin, Tooltip, Typography } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useFormsByApp, useApps } from '../api/apps';
import { useMe } from '../api/auth';
import { ApiError } from '../api/client';
import { SettingOutlined } from '@ant-design/icons';
import { NotificationBell } from '../inbox/notification-bell';
import { GlobalSearch } from './global-search';
import { UserMenu } from './user-menu';

const { Sider, Header, Content } = Layout;

/** Where the desktop sidebar's collapsed state is remembered between visits. */
const collapsedKey = 'tessera.siderCollapsed';
const rememberedCollapsed = () => {
  try {
    return localStorage.getItem(collapsedKey) === '1';
  } catch {
    return false;
  }
};

/**
 * The signed-in shell: Sider with apps and their forms, Header with search, bell and user menu.
 * Below the `md` breakpoint (phones) the Sider becomes a drawer opened from the header and closed
 * by choosing a page; on wider screens its collapsed state is remembered.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const formId = useMatch('/forms/:formId/*')?.params.formId;
  const [collapsed, setCollapsedState] = useState(rememberedCollapsed);
  const setCollapsed = (next: boolean) => {
    setCollapsedState(next);
    try {
      localStorage.setItem(collapsedKey, next ? '1' : '0');
    } catch {
      /* private mode: remembered for this visit only */
    }
  };
  // useBreakpoint answers {} before its first measurement: until then, the desktop layout.
  const phone = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // A page chosen (or the screen widened) closes the drawer.
  useEffect(() => setDrawerOpen(false), [location.pathname, phone]);
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
              : [
                  {
                    key: `empty:${app.id}`,
                    label: <Typography.Text type="secondary">{t('shell.noForms')}</Typography.Text>,
                    disabled: true,
                  },
                ]),
            { key: `/apps/${app.id}/dashboards`, icon: <DashboardOutlined />, label: t('dashboards.menu') },
            {
              key: `/apps/${app.id}/automations`,
              icon: <ThunderboltOutlined />,
              label: t('automations.menu'),
            },
          ],
        };
      }),
      ...(me.data?.isAdmin
        ? [{ type: 'divider' as const }, { key: '/admin', icon: <SettingOutlined />, label: t('admin.menu') }]
        : []),
    ],
    [apps.data, formsByApp, t, me.data?.isAdmin],
  );
  const openApp = (apps.data ?? []).find((a) => (formsByApp.get(a.id) ?? []).some((f) => f.id === formId));
  const [openKeys, setOpenKeys] = useState<string[] | undefined>();

  if (me.isLoading)
    return (
      <div className="full-center">
        <Spin size="large" />
      </div>
    );
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }

  const navigation = (narrow: boolean) => (
    <>
      <div className="brand" onClick={() => navigate('/')} role="link">
        <div className="brand-mark">T</div>
        {!narrow && <span className="brand-name">{t('app.name')}</span>}
      </div>
      <Menu
        mode="inline"
        className="shell-menu"
        selectedKeys={[
          formId ? `/forms/${formId}` : location.pathname.startsWith('/admin') ? '/admin' : location.pathname,
        ]}
        openKeys={narrow ? undefined : (openKeys ?? (openApp ? [`app:${openApp.id}`] : []))}
        onOpenChange={setOpenKeys}
        items={menuItems}
        onClick={({ key }) => {
          if (!key.startsWith('/')) return;
          navigate(key);
          setDrawerOpen(false);
        }}
      />
    </>
  );

  return (
    <Layout className={`shell${phone ? ' shell-phone' : ''}`}>
      {phone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          size={260}
          className="shell-drawer"
          styles={{ body: { padding: 0 } }}
        >
          {navigation(false)}
        </Drawer>
      ) : (
        <Sider
          theme="light"
          width={232}
          collapsed={collapsed}
          collapsedWidth={64}
          className="shell-sider"
          trigger={null}
        >
          {navigation(collapsed)}
        </Sider>
      )}
      <Layout>
        <Header className="shell-header">
          {phone ? (
            <Button
              type="text"
              aria-label={t('shell.openMenu')}
              icon={<MenuUnfoldOutlined />}
              onClick={() => setDrawerOpen(true)}
            />
          ) : (
            <Tooltip title={t('shell.collapse')}>
              <Button
                type="text"
                aria-label={t('shell.collapse')}
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
              />
            </Tooltip>
          )}
          <GlobalSearch />
          <div className="shell-header-right">
            <NotificationBell />
            <UserMenu user={me.data} />
          </div>
        </Header>
        <Content className="shell-content">
          <Suspense
            fallback={
              <div className="full-center">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
