import { ThunderboltOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAutomations, useRunAutomation } from '../api/automations';
import { useForm } from '../api/forms';
import { errorMessage } from '../records/errors';

/** The record's 运行：<name> buttons: the app's enabled automations started by a button on this form. */
export function RunButtons({ formId, recordId }: { formId: string; recordId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const appId = useForm(formId).data?.appId;
  // Only managers may list automations; for anyone else the list fails quietly and no button shows.
  const automations = useAutomations(appId).data ?? [];
  const run = useRunAutomation();
  const buttons = automations.filter(
    (a) => a.enabled && a.trigger.type === 'button' && a.trigger.formId === formId,
  );
  if (!buttons.length) return null;
  return (
    <Space wrap className="run-buttons">
      {buttons.map((a) => {
        const name = (a.trigger.type === 'button' && a.trigger.label) || a.name;
        return (
          <Button
            key={a.id}
            size="small"
            icon={<ThunderboltOutlined />}
            loading={run.isPending && run.variables?.id === a.id}
            onClick={() =>
              run.mutate(
                { id: a.id, recordId },
                {
                  onSuccess: () => message.success(t('analysis.run.started', { name })),
                  onError: (e) =>
                    message.error(t('analysis.run.failed', { name, error: errorMessage(e, t) })),
                },
              )
            }
          >
            {t('analysis.run.button', { name })}
          </Button>
        );
      })}
    </Space>
  );
}
