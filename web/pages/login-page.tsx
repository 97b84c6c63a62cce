import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useLogin } from '../api/auth';
import { LanguageSwitch } from '../layout/language-switch';
import { errorMessage } from '../records/errors';

/** `/login`: e-mail and password, then back to where the user was going. */
export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  const failure =
    login.error instanceof ApiError && (login.error.status === 401 || login.error.status === 422)
      ? t('auth.failed')
      : login.error
        ? errorMessage(login.error, t)
        : null;

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card" variant="borderless">
        <div className="login-brand">
          <div className="brand-mark">T</div>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('auth.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('auth.subtitle')}</Typography.Text>
          </div>
        </div>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(v: { email: string; password: string }) =>
            login.mutate(v, { onSuccess: () => navigate(target, { replace: true }) })
          }
        >
          <Form.Item
            name="email"
            label={t('auth.email')}
            rules={[{ required: true, message: t('auth.emailRequired') }]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" className="login-footer">
        {t('app.name')} · {t('app.tagline')}
      </Typography.Text>
    </div>
  );
}
