import { App } from 'cdk8s';
import { MeshWideLegacyChart, MeshWideModernChart } from './mesh-wide';

/** Adds every example chart to the app. */
export function buildExamples(app: App): void {
  new MeshWideLegacyChart(app, 'mesh-wide-legacy');
  new MeshWideModernChart(app, 'mesh-wide-modern');
}
