import { z } from 'zod';

/**
 * POST /api/tokens: a name, and optionally what limits the token:
 * ```json
 * {"name": "BI export", "expiresInDays": 90, "readOnly": true, "appId": "app_…"}
 * ```
 * `expiresAt` (an instant) or `expiresInDays`, not both; without either the token lasts until
 * revoked. `readOnly`: GET and HEAD only. `appId`: the token acts on that app only.
 */
export const tokenBody = z
  .strictObject({
    name: z.string().min(1).max(100),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    readOnly: z.boolean().optional(),
    appId: z.string().max(40).optional(),
  })
  .refine((b) => b.expiresAt === undefined || b.expiresInDays === undefined, {
    error: 'give expiresAt or expiresInDays, not both',
    path: ['expiresInDays'],
  });

export type TokenBody = z.infer<typeof tokenBody>;
