import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { normaliseDate, type ParsedDocument, type ParseOutcome, tidyText } from './parsed-document.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  cdataPropName: false as never,
});

/** Each RSS item or Atom entry becomes one document; a feed that is not XML is a failure. */
export function parseFeed(xml: string): ParseOutcome {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { ok: false, reason: `feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  }
  // biome-ignore lint/suspicious/noExplicitAny: feed XML has no fixed shape; fields are read defensively.
  const doc = parser.parse(xml) as Record<string, any>;
  const channel = doc.rss?.channel ?? doc['rdf:RDF']?.channel;
  const documents: ParsedDocument[] = [];
  if (channel || doc['rdf:RDF']) {
    const feedTitle = textOf(channel?.title);
    const items = list(channel?.item ?? doc['rdf:RDF']?.item);
    items.forEach((item, i) => {
      const body = textOf(item['content:encoded']) || textOf(item.description);
      documents.push({
        itemKey: textOf(item.guid) || textOf(item.link) || String(i),
        text: htmlToText(body),
        title: textOf(item.title) || null,
        url: textOf(item.link) || null,
        sourceName: textOf(item.source) || feedTitle || null,
        published: normaliseDate(textOf(item.pubDate) || textOf(item['dc:date'])),
      });
    });
  } else if (doc.feed) {
    const feedTitle = textOf(doc.feed.title);
    list(doc.feed.entry).forEach((entry, i) => {
      const links = list(entry.link);
      const href = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate')?.['@href'] ?? null;
      documents.push({
        itemKey: textOf(entry.id) || href || String(i),
        text: htmlToText(textOf(entry.content) || textOf(entry.summary)),
        title: textOf(entry.title) || null,
        url: href,
        sourceName: textOf(entry.author?.name) && !feedTitle ? textOf(entry.author?.name) : feedTitle || null,
        published: normaliseDate(textOf(entry.published) || textOf(entry.updated)),
      });
    });
  } else {
    return { ok: false, reason: 'XML is neither an RSS nor an Atom feed' };
  }
  const readable = documents.filter((d) => d.text);
  if (readable.length === 0) return { ok: false, reason: 'feed has no items with text' };
  const skipped = documents.length - readable.length;
  return { ok: true, documents: readable, warnings: skipped ? [`${skipped} feed item(s) had no text`] : [] };
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return textOf((value as Record<string, unknown>)['#text']);
  return String(value).trim();
}

function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return tidyText(html);
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  for (const el of Array.from(document.querySelectorAll('p, div, li, br, h1, h2, h3, h4')) as {
    append(t: string): void;
  }[])
    el.append('\n\n');
  return tidyText(document.body.textContent ?? '');
}
