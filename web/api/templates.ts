import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TemplateDoc } from '../../server/templates/template.schema';
import type { TemplateSummary } from '../../server/templates/templates.repository';
import type { UpgradePlan } from '../../server/templates/upgrade-plan';
import { type Answer, answerAs, api, call, type Input } from './client';
import { keys } from './keys';
import type { Flat } from './types';

export type { TemplateSummary, UpgradePlan };
/** A whole template document (`GET /api/templates/:id`), as `server/templates/template.schema.ts` defines it. */
export type TemplateDocument = TemplateDoc;
export type TemplateForm = TemplateDoc['forms'][number];

const one = api.templates[':templateId'];

/** The body of `POST /api/templates/:id/install`: sample data, or (with `appId`) an upgrade's plan or its application. */
export type InstallRequest = Input<typeof one.install.$post>['json'];

/** What installing answers: the new app and what was created, or an upgrade's plan (and whether it was applied). */
export type InstallResult = Flat<Answer<typeof one.install.$post>>;

export function useTemplates() {
  return useQuery({ queryKey: keys.templates, queryFn: async () => (await call(api.templates.$get)).items });
}

/** One template document (the gallery fetches each to show what it holds). */
export const fetchTemplate = (id: string) =>
  answerAs<TemplateDocument>(call(one.$get, { param: { templateId: id } }));

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: keys.template(id ?? ''),
    queryFn: () => fetchTemplate(id!),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/** Installs into a new app, or (with `appId`) plans or applies an upgrade keeping data. */
export function useInstallTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...body }: InstallRequest & { id: string }): Promise<InstallResult> =>
      call(one.install.$post, { param: { templateId: id }, json: body }),
    onSuccess: (_r, vars) => {
      if (vars.plan) return;
      qc.invalidateQueries({ queryKey: keys.apps });
    },
  });
}
