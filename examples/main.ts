/**
 * The app `cdk8s synth` runs (see cdk8s.yaml): one chart per seed scenario, each its own mesh for the checks.
 * Manifests are written to dist/.
 */
import { App } from 'cdk8s';
import { buildExamples } from './index';

const app = new App();
buildExamples(app);
app.synth();
