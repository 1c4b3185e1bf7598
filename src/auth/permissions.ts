import type { Role } from '../domain/redaction.ts';

/** What a request may want to do. Each route names the one action it needs. */
export type Action =
  /** Read the record (incidents, claims, reports, tallies), redacted for the role. */
  | 'read'
  /** Review: edit fields, merge, split, detach, grade, link evidence, publish. */
  | 'review'
  /** Add evidence to the vault, record pending evidence. */
  | 'evidence.add'
  /** Download an evidentiary file (a custody event). */
  | 'evidence.download'
  /** Submit field testimony and media. */
  | 'intake'
  /** Read field submissions (with their sensitive section). */
  | 'intake.read'
  /** Export the record in the field's formats (redacted for the role). */
  | 'export'
  /** Manage users, tokens and settings. */
  | 'admin';

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ['read', 'review', 'evidence.add', 'evidence.download', 'intake', 'intake.read', 'export', 'admin'],
  analyst: ['read', 'review', 'evidence.add', 'evidence.download', 'intake', 'intake.read', 'export'],
  viewer: ['read', 'export'],
  contributor: ['intake'],
  // The public reads published incidents only, and only when an admin enables public access.
  public: ['read'],
};

/** Whether a role may perform an action (before any per-record check such as `published`). */
export function can(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

/** Every action each role may perform, for the session endpoint and the dashboard. */
export function actionsOf(role: Role): Action[] {
  return [...GRANTS[role]];
}
