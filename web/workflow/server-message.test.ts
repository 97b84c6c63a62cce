import { describe, expect, it } from 'vitest';
import { inLanguage } from './server-message';

describe('inLanguage', () => {
  const refusal =
    '只有「管理层」部门的成员可以把记录改为「延期」 / Only members of 管理层 may move this record to 延期';
  it.each([
    [refusal, 'zh-CN', '只有「管理层」部门的成员可以把记录改为「延期」'],
    [refusal, 'en', 'Only members of 管理层 may move this record to 延期'],
    ['邮箱或密码错误 / Wrong e-mail or password', 'en-US', 'Wrong e-mail or password'],
    // Not bilingual: answered whole.
    [
      'The record was changed by someone else; reload it',
      'zh-CN',
      'The record was changed by someone else; reload it',
    ],
    ['Use A / B testing', 'zh-CN', 'Use A / B testing'],
    ['总部 / 技术部', 'zh-CN', '总部 / 技术部'],
    ['请先填写：完成标准 / ', 'en', '请先填写：完成标准 / '],
    // A label with " / " in the Chinese half stays whole.
    [
      '不能从「售前 / 售后」直接改为「已完成」 / No transition from a to b',
      'zh-CN',
      '不能从「售前 / 售后」直接改为「已完成」',
    ],
  ])('%s in %s → %s', (message, language, expected) => {
    expect(inLanguage(message, language)).toBe(expected);
  });
});
