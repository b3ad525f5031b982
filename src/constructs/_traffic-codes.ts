/**
 * Traffic codes whose warnings (possible calls) break a migration step when no call is declared: shared by the
 * MigrationPlan and the AmbientMigrationPlan proofs.
 * @internal
 */
export const TRAFFIC_CODES: ReadonlySet<string> = new Set(['IMT5001', 'IMT5002', 'IMT5003', 'IMT5005', 'IMT5006', 'IMT5007', 'IMT5008', 'IMT5009', 'IMT5010']);
