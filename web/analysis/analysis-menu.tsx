import { AlertOutlined, AppstoreOutlined, BarChartOutlined, DownOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormAccess } from '../api/forms';

/** The data page header's 分析 dropdown (客户分层, 流失预警), shown to those who may read the form. */
export function AnalysisMenu({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useFormAccess(formId).data;
  if (!access?.actions.includes('read')) return null;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'segments', icon: <AppstoreOutlined />, label: t('analysis.segments') },
          { key: 'churn', icon: <AlertOutlined />, label: t('analysis.churn') },
        ],
        onClick: ({ key }) => navigate(`/forms/${formId}/${key}`),
      }}
    >
      <Button icon={<BarChartOutlined />}>
        {t('analysis.menu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
