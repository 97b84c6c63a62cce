import { describe, expect, it } from 'vitest';
import {
  detailsToErrorSchema,
  formDataOf,
  forRjsf,
  readOnlyKeys,
  valuesToSend,
  subsetSchema,
  transitionNeeds,
} from './record-values';

const schema = {
  jsonSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      name: { type: 'string' },
      no: { type: 'string', readOnly: true },
      total: { type: 'number' },
      f: { type: 'number' },
    },
  },
  uiSchema: { f: { 'ui:readonly': true } },
};

describe('detailsToErrorSchema', () => {
  it('turns /fields/<key> paths into rjsf extraErrors and keeps the others apart', () => {
    const { errors, rest } = detailsToErrorSchema([
      { path: '/fields/customerName', message: 'required' },
      { path: '/fields/customerName', message: 'too short' },
      { path: '/fields/contacts/0/phone', message: 'not a phone' },
      { path: '/version', message: 'stale' },
    ]);
    expect(errors).toEqual({
      customerName: { __errors: ['required', 'too short'] },
      contacts: { 0: { phone: { __errors: ['not a phone'] } } },
    });
    expect(rest).toEqual([{ path: '/version', message: 'stale' }]);
  });

  it('puts the worded reason under the field when there is one, else the server message', () => {
    const word = (d: { code?: string }) => (d.code === 'not_a_phone' ? '不是有效的电话号码' : undefined);
    const { errors } = detailsToErrorSchema(
      [
        {
          path: '/fields/phone',
          message: '电话: is not a phone number',
          code: 'not_a_phone',
          params: { label: '电话' },
        },
        { path: '/fields/name', message: 'no code here' },
      ],
      '/fields',
      word,
    );
    expect(errors).toEqual({
      phone: { __errors: ['不是有效的电话号码'] },
      name: { __errors: ['no code here'] },
    });
  });
});

describe('record values', () => {
  it('drops the $schema rjsf cannot validate against', () =>
    expect(forRjsf(schema).jsonSchema.$schema).toBeUndefined());

  it('knows computed fields from readOnly or ui:readonly', () =>
    expect([...readOnlyKeys(schema)].sort()).toEqual(['f', 'no']));

  it('sends writable values on create, without empties', () => {
    expect(valuesToSend({ name: 'A', no: 'C1', total: undefined, f: 2 }, schema)).toEqual({ name: 'A' });
  });

  it('leaves empty values out of the form data', () =>
    expect(formDataOf({ a: null, b: 0, c: '' })).toEqual({ b: 0, c: '' }));

  it('sends only changed values on update, a cleared one as null', () => {
    expect(
      valuesToSend({ name: 'A', total: undefined, no: 'x' }, schema, { name: 'A', total: 5, no: 'C1' }),
    ).toEqual({ total: null });
  });
});

describe('what a transition asks for', () => {
  const schema = {
    jsonSchema: {
      type: 'object',
      properties: {
        a: { type: 'string', title: 'A' },
        b: { type: 'number', title: 'B' },
        c: { type: 'string' },
      },
      required: ['c'],
    },
    uiSchema: { b: { 'ui:widget': 'currency' } },
  };

  it('renders only the fields it needs, all required', () => {
    expect(subsetSchema(schema, ['b', 'zzz'])).toEqual({
      jsonSchema: { type: 'object', properties: { b: { type: 'number', title: 'B' } }, required: ['b'] },
      uiSchema: { 'ui:order': ['b', '*'], b: { 'ui:widget': 'currency' } },
    });
  });

  it('reads the fields and the comment a 422 names', () => {
    expect(
      transitionNeeds([
        { path: '/fields/amount', message: 'x' },
        { path: '/comment', message: 'y' },
        { path: '/fields/amount', message: 'z' },
      ]),
    ).toEqual({ fields: ['amount'], comment: true });
    expect(transitionNeeds([{ path: '/to', message: 'x' }])).toEqual({ fields: [], comment: false });
  });
});
