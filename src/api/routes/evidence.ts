import { z } from 'zod';
import { CustodyEvent, EvidenceItem, EvidenceLink, PendingEvidence } from '../../domain/index.ts';
import { redactFor, seesSensitive } from '../../domain/redaction.ts';
import { NotFoundError, UsageError } from '../../errors.ts';
import { expectEvidence, linkEvidence, recordCustody } from '../../evidence/vault.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { addEvidenceFile, openEvidence } from '../evidence-ops.ts';
import { actorOf } from '../principal.ts';
import { ErrorReply, errorResponses, Id, IdParams, intParam } from '../schemas.ts';
import type { ApiContext } from '../server.ts';
import { receiveUpload } from '../upload.ts';

const text = (max: number) => z.string().trim().min(1).max(max).optional();

/** The text fields sent beside an uploaded file. */
const EvidenceFields = z.object({
  incidentId: Id.optional(),
  source: text(200),
  collectedBy: text(200),
  collectedAt: z
    .string()
    .datetime({ offset: true })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .optional(),
  url: z.string().url().max(2000).optional(),
  note: text(2000),
});

const Added = z.object({
  items: z.array(
    z.object({ evidenceId: z.string(), fileName: z.string(), sha256: z.string(), size: z.number() }),
  ),
});

const notFound = { 404: { description: 'no such evidence item', schema: ErrorReply } };

export function evidenceRoutes(ctx: ApiContext): AnyRoute[] {
  const { app } = ctx;
  const { store } = app;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/evidence',
      tag: 'evidence',
      summary: 'Evidence items in the vault, with their hashes',
      action: 'read',
      query: z.object({ limit: intParam(1, 500, 50), offset: intParam(0, 10_000_000, 0) }),
      responses: {
        200: { description: 'items', schema: z.object({ items: z.array(EvidenceItem), total: z.number() }) },
        ...errorResponses,
      },
      async handler({ query, principal }) {
        const [items, total] = await Promise.all([store.evidence.list(query), store.evidence.count()]);
        return { items: items.map((i) => redactFor(principal.role, 'evidence', i)), total };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/evidence/:id',
      tag: 'evidence',
      summary: 'One evidence item with its chain of custody and incident links',
      action: 'read',
      params: IdParams,
      responses: {
        200: {
          description: 'the item',
          schema: z.object({
            item: EvidenceItem,
            custody: z.array(CustodyEvent),
            links: z.array(EvidenceLink),
          }),
        },
        ...errorResponses,
        ...notFound,
      },
      async handler({ params, principal }) {
        const item = await store.evidence.get(params.id);
        if (!item) throw new NotFoundError(`no evidence item with id ${params.id}`);
        const [custody, links] = await Promise.all([
          store.custody.chain(item.id),
          store.evidence.linksOf(item.id),
        ]);
        const see = seesSensitive(principal.role);
        return {
          item: redactFor(principal.role, 'evidence', item),
          custody: see
            ? custody
            : custody.map((e) => {
                const {
                  metadata,
                  sensitivity: _,
                  ...rest
                } = redactFor(principal.role, 'evidence', {
                  ...e,
                  sensitivity: item.sensitivity,
                  metadata: e.detail ?? {},
                });
                return { ...rest, detail: e.detail ? metadata : null };
              }),
          links,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/evidence',
      tag: 'evidence',
      summary: 'Upload evidence files: streamed, hashed with SHA-256 on arrival, kept unaltered',
      action: 'evidence.add',
      body: EvidenceFields,
      multipart: { files: ['file'], description: 'text fields, then one or more `file` parts' },
      responses: {
        200: { description: 'the items added (or already held)', schema: Added },
        ...errorResponses,
        413: { description: 'the file is over the upload limit', schema: ErrorReply },
        415: { description: 'not multipart/form-data', schema: ErrorReply },
      },
      async handler({ req, principal }) {
        const upload = await receiveUpload(req, ['file']);
        try {
          const parsed = EvidenceFields.safeParse(upload.fields);
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw new UsageError(`invalid body field "${issue.path.join('.')}": ${issue.message}`);
          }
          if (upload.files.length === 0) throw new UsageError('no file: send the evidence as a `file` part');
          const f = parsed.data;
          if (f.incidentId && !(await store.incidents.get(f.incidentId))) {
            throw new NotFoundError(`no incident with id ${f.incidentId}`);
          }
          const items = [];
          for (const file of upload.files) {
            const added = await addEvidenceFile(app, {
              path: file.path,
              fileName: file.fileName,
              incidentId: f.incidentId,
              source: f.source,
              collectedBy: f.collectedBy ?? principal.user?.name,
              collectedAt: f.collectedAt,
              url: f.url,
              note: f.note,
              actor: actorOf(principal),
            });
            // Hashed twice, independently: as the bytes arrived, and by the vault as it stored them.
            if (added.sha256 !== file.sha256)
              throw new Error('the vault holds different bytes than were received');
            items.push({
              evidenceId: added.id,
              fileName: file.fileName,
              sha256: file.sha256,
              size: file.size,
            });
          }
          ctx.changed();
          return { items };
        } finally {
          await upload.cleanup();
        }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/evidence/:id/content',
      tag: 'evidence',
      summary: 'Download the evidentiary copy (recorded in its chain of custody)',
      action: 'evidence.download',
      params: IdParams,
      query: z.object({ reason: z.string().trim().min(1).max(500).optional() }),
      responses: {
        200: { description: 'the file, byte for byte as collected', contentType: 'application/octet-stream' },
        ...errorResponses,
        ...notFound,
      },
      async handler({ params, query, principal, reply }) {
        const item = await store.evidence.get(params.id);
        if (!item) throw new NotFoundError(`no evidence item with id ${params.id}`);
        await recordCustody(app.evidence, {
          evidenceId: item.id,
          action: 'download',
          actor: actorOf(principal),
          reason: query.reason,
          detail: { via: 'api' },
        });
        const stream = await openEvidence(app, item.id);
        // Served as a download, never rendered: an uploaded HTML file must not run here.
        reply.header('content-disposition', `attachment; filename="${item.sha256}"`);
        reply.header('x-content-sha256', item.sha256);
        reply.type('application/octet-stream');
        return reply.send(stream);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/incidents/:id/evidence',
      tag: 'review',
      summary: 'Link an evidence item to an incident (optionally fulfilling pending evidence)',
      action: 'review',
      params: IdParams,
      body: z.object({
        evidenceId: Id,
        pendingId: Id.optional(),
        reason: z.string().trim().min(3).max(2000),
      }),
      responses: {
        200: { description: 'linked', schema: z.object({ ok: z.literal(true) }) },
        ...errorResponses,
      },
      async handler({ params, body, principal }) {
        await linkEvidence(app.evidence, {
          evidenceId: body.evidenceId,
          incidentId: params.id,
          pendingId: body.pendingId,
          reason: body.reason,
          actor: actorOf(principal),
        });
        ctx.changed();
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/incidents/:id/pending',
      tag: 'review',
      summary: 'Record evidence a source says exists but the vault does not hold yet',
      action: 'review',
      params: IdParams,
      body: z.object({
        described: z.string().trim().min(3).max(2000),
        heldBy: z.string().trim().min(1).max(200),
      }),
      responses: { 200: { description: 'the pending evidence', schema: PendingEvidence }, ...errorResponses },
      async handler({ params, body, principal }) {
        const result = await expectEvidence(app.evidence, {
          incidentId: params.id,
          described: body.described,
          heldBy: body.heldBy,
          actor: actorOf(principal),
        });
        ctx.changed();
        return result;
      },
    }),
  ];
}
