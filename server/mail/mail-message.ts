/** What a notification e-mail is made of: the notification as its recipient reads it in the inbox. */
export interface MailNotification {
  title: string;
  body: string | null;
  formId: string | null;
  recordId: string | null;
}

export interface MailMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Where a notification leads in the web app: its record in the data page's drawer (the same
 * address the inbox opens), or the start page when it names no form.
 * `recordLink('https://crm.example.com', 'frm_1', 'rec_2')` → `https://crm.example.com/forms/frm_1?record=rec_2`.
 */
export function recordLink(publicUrl: string, formId: string | null, recordId: string | null): string {
  if (!formId) return `${publicUrl}/`;
  return `${publicUrl}/forms/${encodeURIComponent(formId)}${recordId ? `?record=${encodeURIComponent(recordId)}` : ''}`;
}

/**
 * The e-mail for one notification, in Chinese (the interface's default language): plain text and
 * a simple HTML part in which every piece of notification text is escaped. The title and body are
 * taken as rendered for this recipient, so the mail shows no field the inbox would not.
 */
export function composeMail(n: MailNotification, publicUrl: string): MailMessage {
  const title = n.title.replace(/\s+/g, ' ').trim() || '新通知';
  const link = recordLink(publicUrl, n.formId, n.recordId);
  const linkLabel = n.formId ? '查看记录' : '打开 Tessera';
  const footer =
    '这封邮件由 Tessera 根据站内通知自动发送，请勿直接回复。不想再收到邮件？在 Tessera 右上角头像菜单的「通知设置」中关闭邮件通知。';
  const text = [title, n.body ? `\n${n.body}` : '', `\n${linkLabel}：${link}`, `\n—\n${footer}`, ''].join(
    '\n',
  );
  const paragraphs = n.body
    ? n.body
        .split(/\n{2,}/)
        .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
        .join('')
    : '';
  const html =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#1f1f1f;line-height:1.6">` +
    `<h2 style="font-size:18px;margin:0 0 12px">${escapeHtml(title)}</h2>${paragraphs}` +
    `<p style="margin:16px 0"><a href="${escapeHtml(link)}" style="color:#1677ff">${linkLabel}</a></p>` +
    `<p style="color:#8c8c8c;font-size:12px;margin-top:24px">${escapeHtml(footer)}</p></body></html>`;
  return { subject: `[Tessera] ${title}`.slice(0, 250), text, html };
}
