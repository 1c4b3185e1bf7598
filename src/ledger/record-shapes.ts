import type { LedgerChange } from '../ports/store.ts';

/**
 * The records that ledger entries about accounts, tokens, settings and removals digest. Writers
 * (the admin API, `vigil users`, ingest) and `vigil verify`'s readers must build them the same
 * way, so they are built here, once. None of them holds a secret: an account's record has no
 * password hash, a token's record has no secret or hash.
 */

/** `account.created|disabled|enabled|password-changed`, subject the user id. */
export function accountRecord(user: { id: string; role: string; disabled: boolean }) {
  return { id: user.id, role: user.role, disabled: user.disabled };
}

/** `token.issued` records `{ id, label }`; `token.revoked` records `{ id, revoked: true }`. */
export function tokenRecord(token: { id: string; label: string; revoked: boolean }) {
  return token.revoked ? { id: token.id, revoked: true } : { id: token.id, label: token.label };
}

/** `setting.changed`, subject the key: an on/off switch is recorded as a boolean. */
export function settingRecord(key: string, stored: string) {
  return { key, value: stored === 'on' ? true : stored === 'off' ? false : stored };
}

/** Why a record was deleted on purpose, and what (if anything) took its place. */
export interface Removal {
  actor: string;
  at: string;
  reason: string;
  /** Ids of the records that replace it (a placeholder report's parsed reports). */
  replacedBy?: string[];
}

/**
 * The ledger change saying record `subject` of `family` was deleted on purpose
 * (`report.removed`, `claim.removed`, `incident.removed`). Append it in the transaction that
 * deletes the row: without it `vigil verify` reports the record as missing.
 */
export function removalChange(family: string, subject: string, removal: Removal): LedgerChange {
  return {
    kind: `${family}.removed`,
    subject,
    actor: removal.actor,
    at: removal.at,
    record: {
      id: subject,
      removed: true,
      reason: removal.reason,
      ...(removal.replacedBy ? { replacedBy: removal.replacedBy } : {}),
    },
  };
}
