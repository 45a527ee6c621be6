// Lint, and the import rules of ARCHITECTURE.md "Who may import whom", per folder. test/lint proves each rule
// fails a deliberately bad file. dependency-cruiser checks the same on resolved paths (.dependency-cruiser.cjs).
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Regexes on the import string, so a relative path is caught however deep it climbs, and a module's own
// sibling (./run) is not mistaken for a layer (../main).
const escape = (m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const nodeBuiltins = `^(node:|(${builtinModules.map(escape).join('|')})(/|$))`;
const layer = (name) => `^(\\.\\./)+(electron/)?${name}(/|$)`;
// Everywhere: electron's `shell` (openExternal, openPath) is never used — the app opens nothing outside itself.
const noShell = { name: 'electron', importNames: ['shell'], allowTypeImports: true, message: 'Permafrost opens nothing outside itself: no shell.openExternal/openPath.' };
const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths: [noShell], patterns }],
  'no-restricted-imports': 'off',
});
const rule = (regex, message, extra = {}) => ({ regex, message, ...extra });

const R = {
  electron: rule('^electron(/|$)', 'Only electron/main and electron/preload may import electron.'),
  react: rule('^react(-dom)?(/|$)', 'React belongs to the renderer.'),
  node: rule(nodeBuiltins, 'Node built-ins are not allowed here (electron/core is bytes in, bytes out; the renderer is a sandboxed page).'),
  core: rule(layer('core'), 'The renderer never imports electron/core: ask the main process over the bridge.'),
  crypto: rule('^@(scure|noble)/', 'Cryptography runs in the main process only.'),
  main: rule(layer('main'), 'electron/main is the app shell; nothing imports it.'),
  preload: rule(layer('preload'), 'Only the e2e harness imports the preload factory.'),
  renderer: rule('^(\\.\\./)+renderer(/|$)', 'Nothing outside renderer/ imports it.'),
  cli: rule(layer('cli'), 'Only the CLI entry imports electron/cli.'),
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.tsbuild/**', 'node_modules/**', 'e2e/artifacts/**', 'test/lint/fixtures/**', 'test/security/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } } },
  { files: ['scripts/**/*.mjs', '*.config.*', 'e2e/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } }, rules: { 'no-console': 'off' } },
  { files: ['electron/core/**'], rules: restrict(R.electron, R.react, R.node, R.main, R.preload, R.renderer, R.cli) },
  {
    files: ['electron/ipc/**'],
    rules: restrict(R.electron, R.react, R.node, R.main, R.preload, R.renderer, R.cli, rule(layer('core'), 'electron/ipc may import the core as types only.', { allowTypeImports: true })),
  },
  { files: ['electron/main/**'], rules: restrict(R.react, R.preload, R.renderer, R.cli) },
  {
    files: ['electron/preload/**'],
    rules: restrict(R.react, R.node, R.main, R.renderer, R.cli, R.crypto, rule(layer('core'), 'The preload knows only the contract.')),
  },
  { files: ['electron/cli/**'], rules: restrict(R.electron, R.react, R.main, R.preload, R.renderer) },
  // electron/node: Node file I/O shared by the app's main process and the CLI (safe saves); never electron.
  { files: ['electron/node/**'], rules: restrict(R.electron, R.react, R.main, R.preload, R.renderer, R.cli) },
  // electron/common: pure code shared by the sandboxed renderer and the CLI (the QR frame decoder): no core,
  // no cryptography, no DOM or Node, nothing of the app.
  { files: ['electron/common/**'], rules: restrict(R.electron, R.react, R.node, R.core, R.crypto, R.main, R.preload, R.renderer, R.cli) },
  {
    files: ['renderer/**'],
    rules: restrict(
      R.electron,
      R.node,
      R.core,
      R.crypto,
      R.main,
      R.preload,
      R.cli,
      rule(layer('ipc'), 'The renderer may import the IPC contract as types only.', { allowTypeImports: true }),
    ),
  },
  // The e2e page script runs in the browser: the contract and the preload factory only.
  { files: ['e2e/harness/bridge-init.ts'], rules: restrict(R.electron, R.node, R.core, R.crypto, R.main, R.renderer, R.cli) },
);
