export * from './types';
export { analyze, listRules, RuleInfo } from './analyze';
