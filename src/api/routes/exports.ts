import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { EXPORT_FORMATS } from '../../interop/export/exporter.ts';
import { exporterFor, runExport } from '../../interop/export/run-export.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { errorResponses, IncidentFilters } from '../schemas.ts';
import type { ApiContext } from '../server.ts';

const EXTENSION: Record<(typeof EXPORT_FORMATS)[number], string> = {
  acled: 'csv',
  ucdp: 'csv',
  geojson: 'geojson',
  hxl: 'csv',
  jsonl: 'jsonl',
};

export function exportRoutes(ctx: ApiContext): AnyRoute[] {
  const { store } = ctx.app;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/exports/:format',
      tag: 'exports',
      summary:
        'Export incidents as ACLED CSV, UCDP CSV, GeoJSON, HXL CSV or JSON Lines (redacted for your role)',
      action: 'export',
      params: z.object({ format: z.enum(EXPORT_FORMATS) }),
      query: IncidentFilters.pick({ bbox: true, from: true, to: true, type: true, grade: true }),
      responses: {
        200: { description: 'the export, streamed', contentType: 'application/octet-stream' },
        ...errorResponses,
      },
      async handler({ params, query, principal, reply }) {
        const exporter = exporterFor(params.format);
        const out = new PassThrough();
        reply.type(exporter.mediaType);
        reply.header(
          'content-disposition',
          `attachment; filename="vigil-${params.format}.${EXTENSION[params.format]}"`,
        );
        const write = (text: string) =>
          new Promise<void>((resolve) => {
            if (out.write(text)) resolve();
            else out.once('drain', resolve);
          });
        runExport({ format: params.format, filter: query, role: principal.role }, write, { store })
          .then(() => out.end())
          .catch((error: unknown) => {
            ctx.options.log(
              `export failed (${(error as Error)?.name ?? 'Error'}) for format ${params.format}`,
            );
            out.destroy(new Error('export failed'));
          });
        return reply.send(out);
      },
    }),
  ];
}
