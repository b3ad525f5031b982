export * from './types';
export { analyze, listRules, RuleInfo, MeshAnalyzer } from './analyze';
