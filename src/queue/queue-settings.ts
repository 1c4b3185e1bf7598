import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from './job-queue.ts';

const Spec = z.object({
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL name')
    .default(DEFAULT_QUEUE_SETTINGS.schema),
  expireInSeconds: z.coerce.number().int().min(1).default(DEFAULT_QUEUE_SETTINGS.expireInSeconds),
  retryLimit: z.coerce.number().int().min(0).default(DEFAULT_QUEUE_SETTINGS.retryLimit),
  retryDelaySeconds: z.coerce.number().int().min(0).default(DEFAULT_QUEUE_SETTINGS.retryDelaySeconds),
  maintenanceIntervalSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_QUEUE_SETTINGS.maintenanceIntervalSeconds),
  pollingIntervalSeconds: z.coerce.number().min(0.5).default(DEFAULT_QUEUE_SETTINGS.pollingIntervalSeconds),
  batchSize: z.coerce.number().int().min(1).max(100).default(DEFAULT_QUEUE_SETTINGS.batchSize),
  poolSize: z.coerce.number().int().min(1).default(DEFAULT_QUEUE_SETTINGS.poolSize),
});

/**
 * Queue settings from the environment (docs/scaling.md lists them): VIGIL_QUEUE_SCHEMA,
 * VIGIL_JOB_EXPIRE_SECONDS, VIGIL_JOB_RETRY_LIMIT, VIGIL_JOB_RETRY_DELAY_SECONDS,
 * VIGIL_QUEUE_MAINTENANCE_SECONDS, VIGIL_QUEUE_POLL_SECONDS, VIGIL_QUEUE_BATCH.
 */
export function queueSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const raw = {
    schema: env.VIGIL_QUEUE_SCHEMA,
    expireInSeconds: env.VIGIL_JOB_EXPIRE_SECONDS,
    retryLimit: env.VIGIL_JOB_RETRY_LIMIT,
    retryDelaySeconds: env.VIGIL_JOB_RETRY_DELAY_SECONDS,
    maintenanceIntervalSeconds: env.VIGIL_QUEUE_MAINTENANCE_SECONDS,
    pollingIntervalSeconds: env.VIGIL_QUEUE_POLL_SECONDS,
    batchSize: env.VIGIL_QUEUE_BATCH,
  };
  const parsed = Spec.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid queue setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
