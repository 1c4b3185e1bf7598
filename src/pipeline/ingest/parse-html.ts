import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { normaliseDate, type ParseOutcome, tidyText } from './parsed-document.ts';

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
// Elements HTML lets authors leave open; their missing end tags are not malformation.
const OPTIONAL_END = new Set([
  'p',
  'li',
  'td',
  'th',
  'tr',
  'tbody',
  'thead',
  'option',
  'dt',
  'dd',
  'html',
  'head',
  'body',
]);

/**
 * Readable text from HTML: Readability's article when it finds one, otherwise the body's
 * text. Malformed markup is recovered and reported as a warning; markup with no readable
 * text at all is a failure.
 */
export function parseHtml(html: string, fallbackUrl: string | null): ParseOutcome {
  const warnings: string[] = [];
  const unclosed = unclosedTags(html);
  if (unclosed.length)
    warnings.push(
      `malformed HTML (unclosed ${unclosed
        .slice(0, 3)
        .map((t) => `<${t}>`)
        .join(', ')}); text recovered`,
    );

  const { document } = parseHTML(html);
  const meta = (selector: string): string | null =>
    document.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const published = normaliseDate(
    meta('meta[property="article:published_time"]') ??
      meta('meta[name="date"]') ??
      meta('meta[name="pubdate"]') ??
      meta('meta[itemprop="datePublished"]') ??
      document.querySelector('time[datetime]')?.getAttribute('datetime') ??
      null,
  );
  const siteName = meta('meta[property="og:site_name"]') ?? meta('meta[name="application-name"]');
  const canonical =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('meta[property="og:url"]');
  const headTitle = document.querySelector('title')?.textContent?.trim() || null;

  let text = '';
  let title = headTitle;
  try {
    const article = new Readability(document as never, { charThreshold: 100 }).parse();
    if (article?.textContent && article.textContent.trim().length > 0) {
      text =
        blockText(parseHTML(`<html><body>${article.content ?? ''}</body></html>`).document.body) ||
        article.textContent;
      title = article.title?.trim() || title;
    }
  } catch (error) {
    warnings.push(`readability failed (${(error as Error).message}); using the page text`);
  }
  if (!text.trim())
    text = blockText(parseHTML(html).document.body ?? parseHTML(html).document.documentElement);
  text = tidyText(text);
  if (!text) return { ok: false, reason: 'no readable text in the HTML' };
  return {
    ok: true,
    warnings,
    documents: [
      { itemKey: '0', text, title, url: canonical ?? fallbackUrl, sourceName: siteName, published },
    ],
  };
}

/** Text with a paragraph break after each block element, so sentences do not run together. */
// biome-ignore lint/suspicious/noExplicitAny: linkedom's DOM types are not lib.dom's.
function blockText(root: any): string {
  if (!root) return '';
  for (const el of Array.from(root.querySelectorAll('script, style, noscript, template')) as {
    remove(): void;
  }[])
    el.remove();
  for (const el of Array.from(
    root.querySelectorAll('p, div, li, h1, h2, h3, h4, h5, h6, br, tr, blockquote, section, article'),
  ) as { append(t: string): void }[]) {
    el.append('\n\n');
  }
  return root.textContent ?? '';
}

/** Names of non-void elements opened but never closed (a cheap, honest malformation check). */
export function unclosedTags(html: string): string[] {
  const stack: string[] = [];
  const stray: string[] = [];
  const re =
    /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>|<!--[\s\S]*?-->|<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>/g;
  for (const m of html.matchAll(re)) {
    const name = m[2]?.toLowerCase();
    if (!name || VOID.has(name) || m[3] === '/') continue;
    if (m[1] !== '/') {
      stack.push(name);
      continue;
    }
    const at = stack.lastIndexOf(name);
    if (at === -1) continue;
    for (const open of stack.splice(at)) if (open !== name && !OPTIONAL_END.has(open)) stray.push(open);
  }
  for (const open of stack) if (!OPTIONAL_END.has(open)) stray.push(open);
  return [...new Set(stray)];
}
