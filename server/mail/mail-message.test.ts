import { describe, expect, it } from 'vitest';
import { composeMail, recordLink } from './mail-message.js';

describe('composeMail', () => {
  it('links to the record in the data page, or to the start page without a form', () => {
    expect(recordLink('https://crm.example.com', 'frm_1', 'rec_2')).toBe(
      'https://crm.example.com/forms/frm_1?record=rec_2',
    );
    expect(recordLink('https://crm.example.com', 'frm_1', null)).toBe('https://crm.example.com/forms/frm_1');
    expect(recordLink('https://crm.example.com', null, null)).toBe('https://crm.example.com/');
    expect(composeMail({ title: 't', body: null, formId: null, recordId: null }, 'http://x').text).toContain(
      '打开 Tessera：http://x/',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '&#60;script&#62;alert(1)&#60;/script&#62;'],
    ['a & b', 'a &#38; b'],
    [`"quoted" 'single'`, '&#34;quoted&#34; &#39;single&#39;'],
    ['<img src=x onerror=alert(1)>', '&#60;img src=x onerror=alert(1)&#62;'],
  ])('escapes %s in the HTML part and keeps it verbatim in the text part', (hostile, escaped) => {
    const m = composeMail(
      { title: `标题 ${hostile}`, body: `正文 ${hostile}`, formId: 'frm_1', recordId: 'rec_1' },
      'https://crm.example.com',
    );
    expect(m.html).toContain(`<h2 style="font-size:18px;margin:0 0 12px">标题 ${escaped}</h2>`);
    expect(m.html).toContain(`正文 ${escaped}`);
    expect(m.html.replace(/<\/?(!doctype|html|head|meta|title|body|h2|p|a|br)\b[^>]*>/gi, '')).not.toMatch(
      /[<>]/,
    );
    expect(m.text).toContain(`正文 ${hostile}`);
    expect(m.subject).toBe(`[Tessera] 标题 ${hostile}`);
  });

  it('keeps the subject on one line and the body paragraphs apart', () => {
    const m = composeMail(
      { title: '第一行\r\nBcc: x@evil.example', body: '甲\n乙\n\n丙', formId: 'f', recordId: 'r' },
      'http://x',
    );
    expect(m.subject).toBe('[Tessera] 第一行 Bcc: x@evil.example');
    expect(m.html).toContain('<p style="margin:0 0 12px">甲<br>乙</p><p style="margin:0 0 12px">丙</p>');
    expect(
      m.text.startsWith('第一行 Bcc: x@evil.example\n\n甲\n乙\n\n丙\n\n查看记录：http://x/forms/f?record=r'),
    ).toBe(true);
  });
});
