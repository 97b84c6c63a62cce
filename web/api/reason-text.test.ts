import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { ApiError } from './client';
import { problemText, reasonText } from './reason-text';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
});

describe('server reasons in the user language', () => {
  const zh = () => i18n.getFixedT('zh-CN');

  it('words a bad phone in Chinese from its code, not from the English message', () => {
    const d = {
      path: '/fields/phone',
      message: '电话: is not a phone number',
      code: 'not_a_phone' as const,
      params: { label: '电话' },
    };
    expect(reasonText(d, zh())).toBe('电话：不是有效的电话号码');
    expect(reasonText(d, i18n.getFixedT('en'))).toBe('电话: is not a phone number');
  });

  it('fills the params in: a limit, the options, a taken value', () => {
    expect(
      reasonText(
        { path: '/fields/name', message: 'x', code: 'too_long', params: { max: 5, label: '客户名称' } },
        zh(),
      ),
    ).toBe('客户名称：最多 5 个字符');
    expect(
      reasonText(
        { path: '/fields/tier', message: 'x', code: 'not_an_option', params: { options: ['high', 'low'] } },
        zh(),
      ),
    ).toBe('不是可选项（可选：high、low）');
    expect(
      reasonText(
        { path: '/fields/code', message: 'x', code: 'unique', params: { value: 'C1', label: '编号' } },
        zh(),
      ),
    ).toBe('编号：“C1”已被其他记录使用');
  });

  it('names who may make a refused workflow move', () => {
    const d = {
      path: '/to',
      message: 'x',
      code: 'may_not_move' as const,
      params: { to: '延期', departments: ['管理层'], roles: [], owner: true, fields: [] },
    };
    expect(reasonText(d, zh())).toBe('只有「管理层」部门的成员或记录的所有者可以把记录改为「延期」');
    expect(
      reasonText(
        { ...d, params: { to: '延期', departments: [], roles: [], owner: false, fields: [] } },
        zh(),
      ),
    ).toBe('你无权把记录改为「延期」');
  });

  it('joins the reasons of a refused request, and leaves a detail without a code to the server message', () => {
    const e = new ApiError(422, 'validation_failed', 'English', [
      { path: '/fields/a', message: 'x', code: 'required', params: { label: '名称' } },
      { path: '/fields/b', message: 'x', code: 'not_a_date', params: { label: '日期' } },
    ]);
    expect(problemText(e, zh())).toBe('名称：必填；日期：不是有效的日期（如 2024-05-20）');
    expect(
      problemText(new ApiError(409, 'conflict', 'English', [{ path: '/x', message: 'no code' }]), zh()),
    ).toBeUndefined();
  });
});
