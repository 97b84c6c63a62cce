import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DryRunResult } from '../api/automations';

type Step = DryRunResult['steps'][number];

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** A step's place counted from 1: "0" → "1", "2.then.1" → "3 › then › 2". */
export const stepNumber = (path: string) =>
  path
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p))
    .join(' › ');

/** Each action's outcome: type, duration, attempts, error, and its input and output on demand. */
export function StepList({ steps, expanded }: { steps: Step[]; expanded?: boolean }) {
  const { t } = useTranslation();
  return (
    <Collapse
      size="small"
      className="step-list"
      defaultActiveKey={expanded ? steps.map((s) => s.path) : undefined}
      items={steps.map((s) => ({
        key: s.path,
        label: (
          <span className="step-label">
            {s.error ? (
              <CloseCircleFilled className="step-failed" />
            ) : (
              <CheckCircleFilled className="step-ok" />
            )}
            <Typography.Text strong>
              {t('automations.action.step', { n: stepNumber(s.path) })}
            </Typography.Text>
            <span>{t(`automations.actionType.${s.type}`, { defaultValue: s.type })}</span>
            <Typography.Text type="secondary">
              {s.durationMs} ms
              {s.attempts > 1 ? ` · ${t('automations.log.attempts', { n: s.attempts })}` : ''}
            </Typography.Text>
            {s.error && (
              <Typography.Text type="danger" ellipsis className="step-error">
                {s.error}
              </Typography.Text>
            )}
          </span>
        ),
        children: (
          <div className="step-io">
            {s.error && <Typography.Paragraph type="danger">{s.error}</Typography.Paragraph>}
            {s.input !== undefined && (
              <>
                <Typography.Text type="secondary">{t('automations.log.input')}</Typography.Text>
                <pre>{json(s.input)}</pre>
              </>
            )}
            {s.output !== undefined && (
              <>
                <Typography.Text type="secondary">{t('automations.log.output')}</Typography.Text>
                <pre>{json(s.output)}</pre>
              </>
            )}
          </div>
        ),
      }))}
    />
  );
}
