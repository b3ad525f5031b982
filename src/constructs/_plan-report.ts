/**
 * Writing a plan's markdown report beside the manifests, atomically (a temporary file renamed over the target), for
 * MigrationPlan and AmbientMigrationPlan.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';

/** Writes `text` as `<outdir>/<id>-plan.md`; returns the path. */
export function writePlanReport(outdir: string, id: string, text: string): string {
  const file = path.join(outdir, `${id}-plan.md`);
  fs.mkdirSync(outdir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  return file;
}
