import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { normaliseDate, type ParseOutcome, tidyText } from './parsed-document.ts';

/** The PDF's text layer; a PDF without one (a scan) is a failure that says so. */
export async function parsePdf(bytes: Uint8Array): Promise<ParseOutcome> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // unpdf may detach the buffer it is given; hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    return { ok: false, reason: `unreadable PDF: ${(error as Error).message.split('\n')[0]}` };
  }
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    const tidy = tidyText(text);
    if (!/\p{L}{2,}/u.test(tidy)) {
      return {
        ok: false,
        reason: `PDF has no text layer (${pdf.numPages} page(s), probably scanned images); needs OCR`,
      };
    }
    let title: string | null = null;
    let published: string | null = null;
    try {
      const { info } = await getMeta(pdf);
      const i = info as Record<string, unknown>;
      title = typeof i.Title === 'string' && i.Title.trim() ? i.Title.trim() : null;
      published = pdfDate(i.CreationDate);
    } catch {
      // Document info is optional; its absence is not an error.
    }
    return {
      ok: true,
      warnings: [],
      documents: [{ itemKey: '0', text: tidy, title, url: null, sourceName: null, published }],
    };
  } finally {
    await pdf.destroy();
  }
}

/** PDF dates look like D:20250312093000+02'00'. */
function pdfDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = value.match(/^D:(\d{4})(\d{2})(\d{2})/);
  return m ? normaliseDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
}
