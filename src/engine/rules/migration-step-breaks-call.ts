import { Rule } from '../rule';
import { Severity } from '../types';

/**
 * IMT6001: a step of a migration plan (a phase, or a half-applied state between two phases) breaks a call. The
 * input is a sequence of meshes, not one, so `analyze()` never reports it: the MigrationPlan construct runs the
 * engine on every step and reports each error finding under this code.
 */
export const migrationStepBreaksCall: Rule = {
  code: 'IMT6001',
  name: 'migration-step-breaks-call',
  severity: Severity.ERROR,
  summary: 'a step of a MigrationPlan (a phase, or a phase half applied over the previous one) breaks a call; reported by the MigrationPlan construct',
  source: 'istio.io tasks/security/authentication/mtls-migration (PERMISSIVE first, STRICT once every client has a sidecar); kubectl apply applies a file object by object, so every prefix is a state the mesh passes through',
  reportedBy: 'MigrationPlan',
};
