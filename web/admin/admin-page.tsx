import {
  ApartmentOutlined,
  AuditOutlined,
  CloudServerOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Result, Spin, Tabs, Typography } from 'antd';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useMe } from '../api/auth';
import './admin.css';

const tabs = {
  users: lazy(() => import('./users-tab')),
  departments: lazy(() => import('./departments-tab')),
  roles: lazy(() => import('./roles-tab')),
  audit: lazy(() => import('./audit-tab')),
  backups: lazy(() => import('./backups-tab')),
};
type Tab = keyof typeof tabs;
const icons: Record<Tab, React.ReactNode> = {
  users: <TeamOutlined />,
  departments: <ApartmentOutlined />,
  roles: <SafetyCertificateOutlined />,
  audit: <AuditOutlined />,
  backups: <CloudServerOutlined />,
};

/** `/admin/:tab`: 成员, 部门, 角色与权限, 审计日志, 备份 — admins only (the server checks again). */
export default function AdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab = '' } = useParams();
  if (!(tab in tabs)) return <Navigate to="/admin/users" replace />;
  if (me.data && !me.data.isAdmin)
    return <Result status="403" title={t('admin.forbidden')} subTitle={t('admin.forbiddenHint')} />;
  const Current = tabs[tab as Tab];
  return (
    <div className="page admin-page">
      <Typography.Title level={4} style={{ margin: '0 0 4px' }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/admin/${key}`)}
        items={(Object.keys(tabs) as Tab[]).map((key) => ({
          key,
          label: (
            <span>
              {icons[key]} {t(`admin.tabs.${key}`)}
            </span>
          ),
        }))}
      />
      <Suspense
        fallback={
          <div className="full-center">
            <Spin />
          </div>
        }
      >
        <Current />
      </Suspense>
    </div>
  );
}
