import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { filterSchema } from '../filter/index.js';
import { formInputSchema } from '../forms/form-input.schema.js';

/** Definition kinds whose JSON Schema is published, so files can carry `$schema`. */
const kinds: Record<string, z.ZodType> = {
  form: formInputSchema,
  filter: filterSchema,
};

/** Registers another definition kind (views, workflows, automations, templates add theirs). */
export function publishSchema(kind: string, schema: z.ZodType) {
  kinds[kind] = schema;
}

const cache = new Map<string, unknown>();

export const schemasRoutes = new Hono<AppEnv>().get(
  '/:file',
  describeRoute({ tags: ['schemas'], summary: 'JSON Schema of a definition kind, e.g. form.json' }),
  (c) => {
    const kind = c.req.param('file').replace(/\.json$/, '');
    const schema = kinds[kind];
    if (!schema) throw notFound(`Schema "${kind}"`);
    let json = cache.get(kind);
    if (!json) {
      json = {
        ...z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
        $id: `/api/schemas/${kind}.json`,
        title: kind,
      };
      cache.set(kind, json);
    }
    return c.json(json);
  },
);
