import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, RouterProvider, createBrowserRouter, useLocation, useNavigate } from 'react-router';
import { ApiError, onUnauthorized } from './api/client';
import { antdLocale } from './i18n';
import { AppLayout } from './layout/app-layout';
import { FeedbackProvider } from './layout/feedback-provider';
import { DataPagePrefetch } from './pages/data-page-prefetch';
import { lazyPage } from './lazy/lazy-component';
import { dataPageCode, dataPageForm } from './pages/route-preload';

const LoginPage = lazy(() => import('./pages/login-page'));
const AppsPage = lazy(() => import('./pages/apps-page'));
const DataPage = lazyPage(dataPageCode);
const BuilderPage = lazy(() => import('./pages/builder-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const AdminPage = lazy(() => import('./admin/admin-page'));
const WorkflowPage = lazy(() => import('./workflow/workflow-page'));
const TemplatesPage = lazy(() => import('./templates/templates-page'));
const AutomationsPage = lazy(() => import('./automations/automations-page'));
const AutomationEditorPage = lazy(() => import('./automations/automation-editor-page'));
const DashboardPage = lazy(() => import('./dashboards/dashboard-page'));
const SegmentsPage = lazy(() => import('./analysis/segments-page'));
const ChurnPage = lazy(() => import('./analysis/churn-page'));
const PublicFormPage = lazy(() => import('./public/public-form-page'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
  queryCache: new QueryCache(),
});

/** Sends the user to /login on any 401 (an expired session), remembering where they were. */
function Root() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      onUnauthorized(() => {
        if (location.pathname === '/login') return;
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
        navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
      }),
    [navigate, location],
  );
  return (
    <Suspense fallback={null}>
      <Outlet />
    </Suspense>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/public/forms/:token', element: <PublicFormPage /> },
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <AppsPage /> },
          { path: 'forms/:formId', element: <DataPage /> },
          { path: 'forms/:formId/builder', element: <BuilderPage /> },
          { path: 'forms/:formId/workflow', element: <WorkflowPage /> },
          { path: 'forms/:formId/segments', element: <SegmentsPage /> },
          { path: 'forms/:formId/churn', element: <ChurnPage /> },
          { path: 'admin/:tab?', element: <AdminPage /> },
          { path: 'templates', element: <TemplatesPage /> },
          { path: 'apps/:appId/automations', element: <AutomationsPage /> },
          { path: 'apps/:appId/automations/:automationId', element: <AutomationEditorPage /> },
          { path: 'apps/:appId/dashboards/:dashboardId?', element: <DashboardPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

/**
 * Ant Design follows the i18n language (zh-CN by default). Its styles come from its prebuilt CSS
 * (render-app.tsx imports it) instead of being generated while components render (`zeroRuntime`),
 * which was the largest single cost on the main thread before the data page's first rows. The
 * prebuilt CSS carries antd's default tokens, so the theme below may only restate those.
 */
function Providers() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  // A direct visit to a data page asks for its data now (see DataPagePrefetch), once.
  const [prefetchForm, setPrefetchForm] = useState(() => dataPageForm(window.location.pathname));
  const prefetched = useCallback(() => setPrefetchForm(undefined), []);
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
    document.documentElement.lang = i18n.language;
  }, [zh, i18n.language]);
  return (
    <ConfigProvider
      locale={antdLocale(i18n.language)}
      button={{ autoInsertSpace: false }}
      theme={{ zeroRuntime: true, token: { colorPrimary: '#1677ff', borderRadius: 6, fontSize: 14 } }}
    >
      <FeedbackProvider>
        <RouterProvider router={router} />
        {prefetchForm && (
          <DataPagePrefetch
            formId={prefetchForm}
            search={new URLSearchParams(window.location.search)}
            onDone={prefetched}
          />
        )}
      </FeedbackProvider>
    </ConfigProvider>
  );
}

/** The web app: server state, design system, routes. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Providers />
    </QueryClientProvider>
  );
}
