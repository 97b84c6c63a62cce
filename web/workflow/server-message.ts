/**
 * Fallback for messages without reason codes (web/api/reason-text.ts words those that have one, and
 * errorMessage uses it first): the half of a bilingual server message ("你无权把记录改为「延期」 / You may not move this record
 * to 延期") that matches the interface language. Workflow refusals come this way so a script sees
 * both; a person should read one. The halves meet at the first " / " that has Chinese before it
 * and an English sentence (a capital letter) after it; any other message is answered whole, so a
 * label such as 总部 / 技术部 is never cut.
 */
export function inLanguage(message: string, language: string): string {
  for (let cut = message.indexOf(' / '); cut >= 0; cut = message.indexOf(' / ', cut + 3)) {
    const [zh, en] = [message.slice(0, cut).trim(), message.slice(cut + 3).trim()];
    if (/[\u3400-\u9fff]/.test(zh) && /^[A-Z]/.test(en))
      return language.toLowerCase().startsWith('zh') ? zh : en;
  }
  return message;
}
