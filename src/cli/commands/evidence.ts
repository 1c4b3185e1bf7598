import { createWriteStream, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { CustodyEvent, EvidenceItem } from '../../domain/index.ts';
import { WORKING_COPY_ROLES } from '../../domain/index.ts';
import { EXIT, InputError, UsageError, VigilError } from '../../errors.ts';
import { exportBag } from '../../evidence/bagit.ts';
import {
  addEvidence,
  addWorkingCopy,
  custodyChain,
  evidenceForIncident,
  expectEvidence,
  getEvidence,
  linkEvidence,
  openEvidenceStream,
  pendingForIncident,
  recordCustody,
  relatedTo,
} from '../../evidence/vault.ts';
import { progress, table, truncate } from '../output.ts';

export interface EvidenceFlags {
  incident?: string;
  source?: string;
  collectedBy?: string;
  collectedAt?: string;
  url?: string;
  note?: string;
  fulfils?: string;
  described?: string;
  heldBy?: string;
  reason?: string;
  to?: string;
  out?: string;
  role?: string;
  bagit?: string;
  all?: boolean;
  json?: boolean;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

/** `vigil evidence <action> …`: the vault, custody and pending evidence (docs/evidence.md). */
export async function evidenceCommand(
  config: Config,
  action: string,
  args: string[],
  flags: EvidenceFlags,
): Promise<number> {
  const app = await createApp(config);
  const deps = app.evidence;
  const actor = config.actor;
  const one = (what: string) => {
    if (!args[0]) throw new UsageError(`evidence ${action} needs ${what}`);
    return args[0];
  };
  try {
    switch (action) {
      case 'add':
        return await add(app.evidence, args, flags, actor);
      case 'list': {
        const items = flags.incident
          ? await evidenceForIncident(deps, flags.incident)
          : await deps.store.evidence.list({ limit: 100_000 });
        if (flags.json) for (const i of items) out(JSON.stringify(i));
        else out(itemsTable(items));
        return EXIT.ok;
      }
      case 'show': {
        const id = one('an evidence id');
        const item = await getEvidence(deps, id);
        await recordCustody(deps, { evidenceId: id, action: 'view', actor, reason: flags.reason });
        const [links, copies, related] = await Promise.all([
          deps.store.evidence.linksOf(id),
          deps.store.evidence.workingCopies(id),
          relatedTo(deps, id),
        ]);
        if (flags.json) out(JSON.stringify({ item, links, workingCopies: copies, related }));
        else
          showItem(
            item,
            links.map((l) => l.incidentId),
            copies,
            related,
          );
        return EXIT.ok;
      }
      case 'custody': {
        const chain = await custodyChain(deps, one('an evidence id'));
        if (flags.json) for (const e of chain) out(JSON.stringify(e));
        else out(custodyTable(chain));
        return EXIT.ok;
      }
      case 'link': {
        if (!flags.incident) throw new UsageError('evidence link needs --incident ID');
        const { link, created } = await linkEvidence(deps, {
          evidenceId: one('an evidence id'),
          incidentId: flags.incident,
          actor,
          reason: flags.reason,
          pendingId: flags.fulfils,
        });
        out(
          created
            ? `linked  ${link.evidenceId} -> ${link.incidentId}`
            : `already linked  ${link.evidenceId} -> ${link.incidentId}`,
        );
        return EXIT.ok;
      }
      case 'expect': {
        if (!flags.incident) throw new UsageError('evidence expect needs --incident ID');
        const pending = await expectEvidence(deps, {
          incidentId: flags.incident,
          described: flags.described ?? '',
          heldBy: flags.heldBy ?? '',
          actor,
        });
        out(
          flags.json
            ? JSON.stringify(pending)
            : `pending  ${pending.id}: ${pending.described} (held by ${pending.heldBy})`,
        );
        return EXIT.ok;
      }
      case 'pending': {
        if (!flags.incident) throw new UsageError('evidence pending needs --incident ID');
        const list = await pendingForIncident(deps, flags.incident, { includeFulfilled: flags.all });
        if (flags.json) for (const p of list) out(JSON.stringify(p));
        else
          out(
            table(
              ['id', 'recorded', 'held by', 'collected as', 'described'],
              list.map((p) => [p.id, p.recordedAt, p.heldBy, p.evidenceId ?? '(not yet)', p.described]),
            ),
          );
        return EXIT.ok;
      }
      case 'get': {
        const id = one('an evidence id');
        if (!flags.out) throw new UsageError('evidence get needs --out FILE');
        const target = resolve(flags.out);
        if (
          await access(target).then(
            () => true,
            () => false,
          )
        )
          throw new UsageError(`${flags.out} exists; choose a new file`);
        await pipeline(await openEvidenceStream(deps, id), createWriteStream(target, { flags: 'wx' }));
        await recordCustody(deps, {
          evidenceId: id,
          action: 'download',
          actor,
          reason: flags.reason,
          detail: { to: basename(target) },
        });
        out(`wrote ${flags.out}`);
        return EXIT.ok;
      }
      case 'transfer': {
        if (!flags.to) throw new UsageError('evidence transfer needs --to CUSTODIAN');
        await recordCustody(deps, {
          evidenceId: one('an evidence id'),
          action: 'transfer',
          actor,
          reason: flags.reason,
          detail: { to: flags.to },
        });
        out(`transferred ${args[0]} to ${flags.to}`);
        return EXIT.ok;
      }
      case 'annotate': {
        if (!flags.note) throw new UsageError('evidence annotate needs --note TEXT');
        await recordCustody(deps, {
          evidenceId: one('an evidence id'),
          action: 'annotation',
          actor,
          reason: flags.reason,
          detail: { note: flags.note },
        });
        out(`annotated ${args[0]}`);
        return EXIT.ok;
      }
      case 'working-copy': {
        const [id, file] = args;
        if (!id || !file) throw new UsageError('evidence working-copy needs ID FILE');
        const role = (flags.role ?? 'other') as (typeof WORKING_COPY_ROLES)[number];
        if (!WORKING_COPY_ROLES.includes(role))
          throw new UsageError(`--role must be one of ${WORKING_COPY_ROLES.join(', ')}`);
        const copy = await addWorkingCopy(deps, {
          evidenceId: id,
          path: file,
          role,
          actor,
          note: flags.note,
        });
        out(`working copy ${copy.id} (${copy.role}, ${copy.size} bytes) of ${id}`);
        return EXIT.ok;
      }
      case 'export': {
        if (!flags.incident || !flags.bagit)
          throw new UsageError('evidence export needs --incident ID and --bagit DIR');
        const bag = await exportBag(
          { ...deps, keysDir: app.keysDir },
          { incidentId: flags.incident, dir: flags.bagit, actor, reason: flags.reason },
        );
        out(
          `bag ${bag.dir}: ${bag.evidence} evidence item(s), ${bag.payloadFiles} payload files, ${bag.payloadBytes} bytes; ` +
            `proofs lead to checkpoint ${bag.checkpoint.size}/${bag.checkpoint.root} (key ${bag.checkpoint.keyId})`,
        );
        return EXIT.ok;
      }
      default:
        throw new UsageError(
          `unknown evidence action "${action}" (add, list, show, custody, link, expect, pending, get, transfer, annotate, working-copy, export)`,
        );
    }
  } finally {
    await app.close();
  }
}

async function add(
  deps: Parameters<typeof addEvidence>[0],
  files: string[],
  flags: EvidenceFlags,
  actor: string,
): Promise<number> {
  if (files.length === 0) throw new UsageError('evidence add needs at least one file');
  let failed = 0;
  let inputFailures = 0;
  for (const file of files) {
    let bar: ReturnType<typeof progress> | null = null;
    try {
      const result = await addEvidence(deps, {
        path: file,
        fileName: basename(file),
        incidentId: flags.incident,
        pendingId: flags.fulfils,
        source: flags.source,
        collectedBy: flags.collectedBy,
        collectedAt: flags.collectedAt,
        url: flags.url,
        note: flags.note,
        actor,
        onProgress(bytes) {
          // In MiB; drawn only on a terminal, and only for files of more than a MiB.
          bar ??= progress(
            Math.ceil((statSync(file, { throwIfNoEntry: false })?.size ?? 0) / 2 ** 20),
            `adding ${basename(file)}`,
          );
          bar.tick(Math.ceil(bytes / 2 ** 20));
        },
      });
      (bar as ReturnType<typeof progress> | null)?.end();
      const { item } = result;
      if (flags.json) {
        out(JSON.stringify({ file, ...result }));
        continue;
      }
      for (const w of result.warnings) err(`warning: ${file}: ${w}`);
      out(
        result.duplicate
          ? `held    ${file}: same bytes as ${item.id} (a second custody event was recorded)`
          : `added   ${file} -> ${item.id} (${item.mediaType}, ${item.size} bytes, sha256 ${item.sha256})`,
      );
      for (const r of result.related) {
        out(
          `        ${r.kind === 'duplicate' ? 'possible duplicate of' : 'possibly related to'} ${r.id} (distance ${r.distance})`,
        );
      }
    } catch (error) {
      (bar as ReturnType<typeof progress> | null)?.end();
      if (!(error instanceof VigilError)) throw error;
      failed++;
      if (error instanceof InputError) inputFailures++;
      if (files.length === 1) throw error;
      err(`error: ${file}: ${error.message}`);
    }
  }
  if (failed === 0) return EXIT.ok;
  return failed === files.length && inputFailures === failed ? EXIT.input : EXIT.partial;
}

function itemsTable(items: EvidenceItem[]): string {
  return table(
    ['id', 'added', 'type', 'bytes', 'file'],
    items.map((i) => [i.id, i.addedAt.slice(0, 19), i.mediaType, String(i.size), truncate(i.fileName, 60)]),
  );
}

function showItem(
  item: EvidenceItem,
  incidents: string[],
  copies: { id: string; role: string; sha256: string }[],
  related: { id: string; kind: string; distance: number }[],
): void {
  const m = item.metadata;
  const line = (label: string, value: unknown) =>
    out(`  ${label.padEnd(12)} ${typeof value === 'string' ? value : truncate(JSON.stringify(value), 200)}`);
  out(`${item.id}  ${item.fileName}`);
  line('type', `${item.mediaType} (${(m.fileType as { detail?: string })?.detail ?? ''})`);
  line('size', `${item.size} bytes`);
  line('sha256', item.sha256);
  line('md5', item.md5);
  line('added', `${item.addedAt} by ${m.addedBy ?? '?'}`);
  for (const k of [
    'source',
    'collectedBy',
    'collectedAt',
    'url',
    'note',
    'capturedAt',
    'gps',
    'media',
    'pdf',
  ] as const) {
    if (m[k]) line(k, m[k]);
  }
  line('incidents', incidents.join(', ') || '(none)');
  for (const c of copies) line('working copy', `${c.role} ${c.id} (${c.sha256})`);
  for (const r of related) {
    out(
      `  ${r.kind === 'duplicate' ? 'possible duplicate of' : 'possibly related to'} ${r.id} (distance ${r.distance})`,
    );
  }
  for (const n of (m.notes as string[] | undefined) ?? []) line('note', n);
}

function custodyTable(chain: CustodyEvent[]): string {
  return table(
    ['#', 'when', 'action', 'who', 'why', 'what'],
    chain.map((e, i) => [
      String(i + 1),
      e.at,
      e.action,
      e.actor,
      e.reason ?? '',
      e.detail ? truncate(describeDetail(e.detail), 80) : '',
    ]),
  );
}

function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
