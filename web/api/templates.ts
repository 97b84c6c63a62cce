import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, itemsOf } from './client';
import { keys } from './keys';
import type { TemplateDoc } from '../../server/templates/template.schema';
import type { TemplateSummary } from '../../server/templates/templates.repository';
import type { UpgradePlan } from '../../server/templates/upgrade-plan';
import type { App, Page } from './types';

export type { TemplateSummary };
/** A whole template document (`GET /api/templates/:id`), as `server/templates/template.schema.ts` defines it. */
export type TemplateDocument = TemplateDoc;
export type TemplateForm = TemplateDoc['forms'][number];
export type { UpgradePlan };

/** The body of `POST /api/templates/:id/install`. */
export interface InstallRequest {
  sampleData?: boolean;
  /** Upgrade the app this template was installed into before: answers the plan unless `confirm`. */
  appId?: string;
  plan?: boolean;
  /** Apply the plan. */
  confirm?: boolean;
}

/** What installing answers: the new app with its forms (and counts), or an upgrade's plan. */
export interface InstallResult {
  app?: App;
  created?: Record<string, unknown>;
  plan?: UpgradePlan;
  applied?: boolean;
}

const one = (id: string) => `/api/templates/${encodeURIComponent(id)}`;

export function useTemplates() {
  return useQuery({ queryKey: keys.templates, queryFn: async () => itemsOf(await api<Page<TemplateSummary> | TemplateSummary[]>('GET', '/api/templates')) });
}

export function useTemplate(id: string | undefined) {
  return useQuery({ queryKey: keys.template(id ?? ''), queryFn: () => api<TemplateDocument>('GET', one(id!)), enabled: !!id, staleTime: 5 * 60_000 });
}

/** Installs into a new app, or (with `appId`) plans or applies an upgrade keeping data. */
export function useInstallTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: InstallRequest & { id: string }) => api<InstallResult>('POST', `${one(id)}/install`, body),
    onSuccess: (_r, vars) => {
      if (vars.plan) return;
      qc.invalidateQueries({ queryKey: keys.apps });
    },
  });
}
