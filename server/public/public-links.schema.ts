import { z } from 'zod';

/** PATCH /api/forms/:formId/public-link: change the link (null clears a limit); `rotate` issues a new token. */
export const linkPatchBody = z.strictObject({
  enabled: z.boolean().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  maxResponses: z.number().int().min(1).max(10_000_000).nullable().optional(),
  rotate: z.literal(true).optional(),
});

/**
 * POST /api/public/forms/:token/submit. `startedAt` is the token the form was handed out with;
 * `_hp` is the honeypot field people never see, so it must stay empty.
 */
export const submitBody = z.strictObject({
  fields: z.record(z.string().max(80), z.unknown()),
  startedAt: z.string().max(200).optional(),
  _hp: z.string().max(1000).optional(),
});

/** A public link as its managers see it. */
export interface PublicLink {
  token: string;
  url: string;
  enabled: boolean;
  expiresAt: string | null;
  maxResponses: number | null;
  responses: number;
  createdAt: string;
  updatedAt: string;
}
