import { UnreadableFile } from './limits.js';

/** What an XmlScanner reports; element names without their namespace prefix (`x:row` → `row`). */
export interface XmlHandler {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  /** Raw text between tags (entities not yet decoded: see decodeXml); may come in pieces. */
  text(raw: string): void;
}

/** The longest tag kept while waiting for its end (a spreadsheet's tags are a few dozen bytes). */
const maxTagChars = 64 * 1024;

const attrPattern = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const entity = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes XML's character references and five named entities (no others exist without a DTD),
 * after the line-end normalization every XML parser applies (a literal CR LF or CR is LF; `&#13;`
 * stays a CR).
 */
export function decodeXml(raw: string): string {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!text.includes('&')) return text;
  return text.replace(entity, (all, e: string) => {
    if (e[0] !== '#') return named[e];
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Where the tag opened at `lt` ends (its `>`, outside quoted attribute values), or -1. */
function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

/**
 * A streaming XML tokenizer for the parts of an XLSX file: text is written in pieces and
 * elements, ends and text are reported as they complete. Only the unfinished tail of a piece is
 * kept, and no tag may be longer than 64 KB, so memory stays bounded whatever the input; text is
 * handed on at once (the handler bounds what it keeps). A DOCTYPE is refused: OOXML has none, and
 * entity declarations are how XML bombs expand.
 */
export class XmlScanner {
  private rest = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly part: string,
  ) {}

  private fail(why: string): never {
    throw new UnreadableFile(
      `The file is not a readable XLSX workbook: "${this.part}" ${why}`,
      `"${this.part}" ${why}`,
    );
  }

  write(piece: string): void {
    const text = this.rest + piece;
    const h = this.handler;
    let i = 0;
    const len = text.length;
    while (i < len) {
      const lt = text.indexOf('<', i);
      if (lt < 0) {
        h.text(text.slice(i));
        i = len;
        break;
      }
      if (lt > i) h.text(text.slice(i, lt));
      i = lt;
      const next = text.charCodeAt(lt + 1);
      let end: number;
      if (next === 33 /* ! */) {
        if (text.startsWith('<!--', lt)) {
          end = text.indexOf('-->', lt + 4);
          if (end < 0) break;
          i = end + 3;
        } else if (text.startsWith('<![CDATA[', lt)) {
          end = text.indexOf(']]>', lt + 9);
          if (end < 0) break;
          h.text(text.slice(lt + 9, end).replace(/&/g, '&amp;'));
          i = end + 3;
        } else if (len - lt >= 9) this.fail('declares a DOCTYPE');
        else break;
        continue;
      }
      if (next === 63 /* ? */) {
        end = text.indexOf('?>', lt + 2);
        if (end < 0) break;
        i = end + 2;
        continue;
      }
      end = tagEnd(text, lt);
      if (end < 0) break;
      if (next === 47 /* / */) h.close(localName(text.slice(lt + 2, end).trim()));
      else {
        const selfClosing = text.charCodeAt(end - 1) === 47;
        const body = text.slice(lt + 1, selfClosing ? end - 1 : end);
        const space = body.search(/[\s]/);
        const name = localName(space < 0 ? body : body.slice(0, space));
        const attrs: Record<string, string> = {};
        if (space >= 0) {
          attrPattern.lastIndex = space;
          for (let m = attrPattern.exec(body); m; m = attrPattern.exec(body))
            attrs[m[1]] = decodeXml(m[2] ?? m[3]);
        }
        h.open(name, attrs);
        if (selfClosing) h.close(name);
      }
      i = end + 1;
    }
    this.rest = text.slice(i);
    if (this.rest.length > maxTagChars) this.fail('has a tag longer than 64 KB');
  }

  end(): void {
    if (this.rest.trim()) this.fail('ends in the middle of a tag');
  }
}
