import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from '../api/types';
import { previewSchema } from './preview-schema';

describe('previewSchema', () => {
  it('compiles every field type into a titled property in field order', () => {
    const fields = FIELD_TYPES.map((type, i) => ({
      key: `f${i}`,
      type,
      label: `L${i}`,
      options: [{ value: 'a', label: 'A' }],
    }));
    const { jsonSchema, uiSchema } = previewSchema(fields);
    const props = jsonSchema.properties as Record<string, { title: string }>;
    expect(Object.keys(props)).toHaveLength(FIELD_TYPES.length);
    expect(props.f0.title).toBe('L0');
    expect(uiSchema['ui:order']).toEqual([...fields.map((f) => f.key), '*']);
  });

  it('lists required keys only for types that can be required', () => {
    const { jsonSchema } = previewSchema([
      { key: 'a', type: 'text', label: 'A', required: true },
      { key: 'b', type: 'formula', label: 'B', required: true, expression: '1' },
    ]);
    expect(jsonSchema.required).toEqual(['a']);
  });

  it('renders select options as const/title pairs', () => {
    const { jsonSchema } = previewSchema([
      { key: 's', type: 'select', label: 'S', options: [{ value: 'high', label: 'High' }] },
    ]);
    expect((jsonSchema.properties as Record<string, unknown>).s).toMatchObject({
      oneOf: [{ const: 'high', title: 'High' }],
    });
  });
});
