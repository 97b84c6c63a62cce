import { describe, expect, it } from 'vitest';
import { dataPageForm } from './route-preload';

describe('dataPageForm', () => {
  it.each([
    ['/forms/frm_1', 'frm_1'],
    ['/forms/frm_1/', 'frm_1'],
    ['/forms/a%20b', 'a b'],
  ])('%s is the data page of %s', (path, form) => expect(dataPageForm(path)).toBe(form));
  it.each(['/', '/forms', '/forms/frm_1/builder', '/apps/app_1/dashboards', '/forms/%E0%A4%A'])(
    '%s is not a data page',
    (path) => expect(dataPageForm(path)).toBeUndefined(),
  );
});
