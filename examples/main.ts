/**
 * The app `cdk8s synth` runs (see cdk8s.yaml): one chart per seed scenario, each its own mesh for the checks, plus a
 * MigrationPlan and an AmbientMigrationPlan whose phases are charts of their own. Manifests and the plan report are written to dist/, then a
 * short summary is printed (objects per file, findings by severity).
 */
import { App } from 'cdk8s';
import { buildExamples } from './index';
import { printSynthSummary } from '../src/constructs/summary';

const app = new App();
const plans = buildExamples(app);
app.synth();
const reports = plans.map((p) => p.writeReport(app.outdir));
printSynthSummary(app, { extraFiles: reports });
