// @ts-check
// Lint configuration (flat config): eslint's recommended rules and typescript-eslint's recommended rules (syntax
// only, no type information: linting stays fast and independent of tsc, which `npx tsc --noEmit` runs).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated or built code: imports/ (cdk8s import), crds/validators.js (ajv standalone), lib/ and dist*/ (builds),
    // .findings/ (benchmark inputs), API.md's jsii copies; node_modules is ignored by default.
    ignores: ['imports/**', 'crds/validators.js', 'lib/**', 'dist/**', 'dist-jsii/**', '.findings/**', 'coverage/**', 'scratch/**', 'test/.readme-example-*'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      // Off on purpose: Kubernetes objects arrive as untyped YAML/JSON and the engine, the input checks and the tests
      // read them as `Record<string, any>` behind `isObject` guards (tsc runs in strict mode). Typing them as
      // `unknown` everywhere is a refactor of its own, not a lint fix.
      '@typescript-eslint/no-explicit-any': 'off',
      // `interface XxxOptions extends YyyOptions {}` names a props struct for jsii and the API docs (the cdk pattern);
      // an empty interface without a supertype is still reported.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Parameters and catch bindings named with a leading underscore are unused on purpose (interface shapes,
      // destructuring that drops a key); tsc's noUnusedLocals/noUnusedParameters check the rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests do not print; the few timing logs of the package tests say so with a directive.
      'no-console': 'error',
      // Off for tests: their regular expressions spell YAML indentation literally (`\n  name: default`), which reads
      // better than `\n {2}name: default`.
      'no-regex-spaces': 'off',
    },
  },
  {
    // CommonJS scripts (the binary, the plugin shim, jest's config): require() is how they load code.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
