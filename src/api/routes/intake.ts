import { z } from 'zod';
import { newId } from '../../auth/tokens.ts';
import { IntakeSubmission, IsoDate, type Report } from '../../domain/index.ts';
import { redactFor } from '../../domain/redaction.ts';
import { NotFoundError, UsageError } from '../../errors.ts';
import { detectLanguage } from '../../pipeline/ingest/language.ts';
import { recordReports } from '../../pipeline/ingest/run-ingest.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { addEvidenceFile } from '../evidence-ops.ts';
import { actorOf } from '../principal.ts';
import { ErrorReply, errorResponses, IdParams, intParam } from '../schemas.ts';
import type { ApiContext } from '../server.ts';
import { receiveUpload } from '../upload.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));
const optionalCoord = (limit: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,12})?$/, 'expected decimal degrees')
    .transform(Number)
    .pipe(z.number().min(-limit).max(limit))
    .optional()
    .transform((v) => v ?? null);

/** The text fields of an intake submission (multipart, beside the `media` files). */
export const IntakeFields = z.object({
  testimony: z.string().trim().min(1, 'testimony is required').max(50_000),
  placeName: optionalText(200).describe("where it happened, in the witness's words"),
  occurredOn: IsoDate.optional().transform((v) => v ?? null),
  witnessName: optionalText(200).describe('sensitive: only admins and analysts ever see it'),
  witnessContact: optionalText(200).describe('sensitive: only admins and analysts ever see it'),
  hidingPlace: optionalText(500).describe('sensitive: where people are hiding'),
  hidingLat: optionalCoord(90),
  hidingLon: optionalCoord(180),
});

const Receipt = z.object({
  id: z.string(),
  receivedAt: z.string(),
  reportId: z.string().nullable(),
  media: z.array(z.object({ sha256: z.string(), size: z.number(), evidenceId: z.string().nullable() })),
});

export function intakeRoutes(ctx: ApiContext): AnyRoute[] {
  const { app } = ctx;
  const { store } = app;
  return [
    defineRoute({
      method: 'POST',
      url: '/api/intake',
      tag: 'intake',
      summary: 'Submit field testimony with media (contributors, analysts, admins)',
      description:
        'The testimony becomes a report from a pseudonymous witness source; the media become evidence ' +
        'items hashed on arrival. Witness name, contact, the submitter and hiding places are sensitive.',
      action: 'intake',
      rateLimit: 'intake',
      body: IntakeFields,
      multipart: { files: ['media'], description: 'text fields plus up to 10 `media` files' },
      responses: {
        200: { description: 'a receipt (it echoes nothing sensitive)', schema: Receipt },
        ...errorResponses,
        413: { description: 'a file or the body is too large', schema: ErrorReply },
        415: { description: 'not multipart/form-data', schema: ErrorReply },
        429: { description: 'too many submissions', schema: ErrorReply },
      },
      async handler({ req, principal }) {
        const upload = await receiveUpload(req, ['media']);
        try {
          const parsed = IntakeFields.safeParse(upload.fields);
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw new UsageError(`invalid body field "${issue.path.join('.')}": ${issue.message}`);
          }
          const f = parsed.data;
          const now = app.clock.now().toISOString();
          const id = newId('int');
          const actor = actorOf(principal);
          const sensitive = {
            witnessName: f.witnessName,
            witnessContact: f.witnessContact,
            submitter: principal.user?.name ?? null,
            hidingPlace: f.hidingPlace,
            hidingLat: f.hidingLat,
            hidingLon: f.hidingLon,
          };
          const terms = [f.witnessName, f.witnessContact, sensitive.submitter].filter((t): t is string =>
            Boolean(t),
          );
          const report = await testimonyReport(ctx, id, f.testimony, f.placeName, f.occurredOn, now, {
            terms,
            places: f.hidingPlace ? [f.hidingPlace] : [],
          });
          // Media first (each item is its own unit in the vault), then the report and the
          // submission together, so a failure never leaves a submission without its testimony.
          const media = [];
          for (const [n, file] of upload.files.entries()) {
            const ext = /\.[A-Za-z0-9]{1,8}$/.exec(file.fileName)?.[0] ?? '';
            // The phone's file name can name a person; the vault keeps a neutral one.
            const added = await addEvidenceFile(app, {
              path: file.path,
              fileName: `${id}-${n + 1}${ext.toLowerCase()}`,
              source: report.sourceName ?? 'field testimony',
              collectedBy: 'field contact',
              note: `field submission ${id}`,
              sensitivity: {
                paths: ['source', 'collectedBy'],
                terms,
                places: f.hidingPlace ? [f.hidingPlace] : [],
              },
              actor,
            });
            media.push({ sha256: file.sha256, size: file.size, evidenceId: added.id });
          }
          const submission: IntakeSubmission = {
            id,
            receivedAt: now,
            testimony: f.testimony,
            placeName: f.placeName,
            occurredOn: f.occurredOn,
            language: report.language,
            sensitive,
            reportId: report.id,
            evidenceIds: media.map((m) => m.evidenceId).filter((e): e is string => e !== null),
          };
          // Extraction reads the gazetteer, which loads through the store on first use: load it
          // before the transaction, which holds the embedded store's one connection.
          await app.gazetteer.index();
          await store.atomically(async (tx) => {
            await tx.reports.recordOriginal({
              sha256: report.originalSha256,
              size: new TextEncoder().encode(report.text).length,
              mediaType: 'text/plain',
              origin: `intake:${id}`,
              receivedAt: now,
            });
            await tx.sources.ensure(report.sourceName!, 'witness');
            await recordReports(tx, [report], actor, now, { extract: app.extract, resolve: app.resolve });
            await tx.intakes.record(submission);
            await tx.ledger.append({
              kind: 'intake.received',
              subject: id,
              actor,
              at: now,
              record: submission,
            });
          });
          ctx.changed();
          return { id, receivedAt: now, reportId: report.id, media };
        } finally {
          await upload.cleanup();
        }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/intake',
      tag: 'intake',
      summary: 'Field submissions, newest first (analysts and admins)',
      action: 'intake.read',
      query: z.object({ limit: intParam(1, 500, 50), offset: intParam(0, 10_000_000, 0) }),
      responses: {
        200: { description: 'submissions', schema: z.object({ items: z.array(IntakeSubmission) }) },
        ...errorResponses,
      },
      async handler({ query, principal }) {
        const items = await store.intakes.list(query);
        return { items: items.map((s) => redactFor(principal.role, 'intake', s)) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/intake/:id',
      tag: 'intake',
      summary: 'One field submission with its sensitive section (analysts and admins)',
      action: 'intake.read',
      params: IdParams,
      responses: { 200: { description: 'the submission', schema: IntakeSubmission }, ...errorResponses },
      async handler({ params, principal }) {
        const found = await store.intakes.get(params.id);
        if (!found) throw new NotFoundError(`no field submission with id ${params.id}`);
        return redactFor(principal.role, 'intake', found);
      },
    }),
  ];
}

/**
 * The testimony as a report of a pseudonymous witness source (one per submission, so two
 * witnesses count as two origins and none is named); its bytes are kept as its original.
 */
async function testimonyReport(
  ctx: ApiContext,
  intakeId: string,
  testimony: string,
  placeName: string | null,
  occurredOn: string | null,
  now: string,
  sensitivity: { terms: string[]; places: string[] },
): Promise<Report> {
  const { app } = ctx;
  const text = placeName ? `${testimony}\n\nPlace: ${placeName}.` : testimony;
  const bytes = new TextEncoder().encode(text);
  const blob = await app.blobs.put(bytes);
  const sourceName = `Field testimony ${intakeId.slice(-6).toUpperCase()}`;
  const report: Report = {
    id: `rep-${intakeId}`,
    originalSha256: blob.sha256,
    itemKey: intakeId,
    status: 'parsed',
    reason: null,
    text,
    title: null,
    url: null,
    sourceName,
    published: occurredOn ?? now.slice(0, 10),
    language: detectLanguage(text),
    mediaType: 'text/plain',
    ingestedAt: now,
    sensitivity: { paths: [], terms: sensitivity.terms, places: sensitivity.places },
    intakeId,
  };
  return report;
}
