// The import rules of ARCHITECTURE.md, checked on resolved paths (ESLint checks the import strings).
// `npm run lint` runs: depcruise electron renderer e2e --config .dependency-cruiser.cjs
const notTypeOnly = { dependencyTypesNot: ['type-only'] };

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles hide layering mistakes.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'electron/core: only itself and its chosen libraries (@noble, @scure, the pure encoder of qrcode, pdfkit browser build, age-encryption, @zxcvbn-ts, pako: zlib\'s deflate with a 1 KiB window for BBQr Z, which no other library here makes).',
      from: { path: '^electron/core' },
      to: { pathNot: '^(electron/core|node_modules/(@noble/|@scure/|age-encryption/|@zxcvbn-ts/|pako/|qrcode/lib/core/|pdfkit/js/pdfkit\\.browser\\.mjs$|fontkit/dist/browser-module\\.mjs$))', dependencyTypesNot: ['type-only'] },
    },
    { name: 'core-no-builtins', severity: 'error', from: { path: '^electron/core' }, to: { dependencyTypes: ['core'] } },
    {
      name: 'ipc-has-no-runtime-deps',
      severity: 'error',
      comment: 'electron/ipc may import the core as types only, and nothing else.',
      from: { path: '^electron/ipc' },
      to: { pathNot: '^electron/(ipc|core)/', ...notTypeOnly, dependencyTypesNot: ['type-only'] },
    },
    { name: 'ipc-core-types-only', severity: 'error', from: { path: '^electron/ipc' }, to: { path: '^electron/core/', ...notTypeOnly } },
    {
      name: 'preload-knows-only-the-contract',
      severity: 'error',
      from: { path: '^electron/preload' },
      to: { pathNot: '^(electron/(preload|ipc)/|node_modules/electron/)', ...notTypeOnly },
    },
    {
      name: 'renderer-is-sandboxed',
      severity: 'error',
      comment: 'The renderer: react and its own files; the IPC contract as types only.',
      from: { path: '^renderer' },
      to: { path: '^(electron/(core|main|preload|cli)/|node_modules/(@noble|@scure|electron)/)' },
    },
    { name: 'renderer-ipc-types-only', severity: 'error', from: { path: '^renderer' }, to: { path: '^electron/ipc/', ...notTypeOnly } },
    { name: 'renderer-no-builtins', severity: 'error', from: { path: '^renderer' }, to: { dependencyTypes: ['core'] } },
    { name: 'main-not-to-ui', severity: 'error', from: { path: '^electron/main' }, to: { path: '^(renderer|electron/(preload|cli))/' } },
    {
      name: 'cli-never-loads-electron',
      severity: 'error',
      comment: 'Requiring electron in plain Node tries to download its binary.',
      from: { path: '^electron/cli' },
      to: { path: '^(node_modules/electron/|electron/(main|preload)/|renderer/)' },
    },
    {
      name: 'node-io-is-shared',
      severity: 'error',
      comment: 'electron/node: Node file I/O for both main and the CLI: the core and Node only, never electron or a UI.',
      from: { path: '^electron/node' },
      to: { path: '^(node_modules/electron/|electron/(main|preload|cli|ipc)/|renderer/)' },
    },
    {
      name: 'common-is-standalone',
      severity: 'error',
      comment: 'electron/common: shared by the renderer and the CLI; itself and the qr decoder only.',
      from: { path: '^electron/common' },
      to: { pathNot: '^(electron/common/|node_modules/qr/)', dependencyTypesNot: ['type-only'] },
    },
    { name: 'common-no-builtins', severity: 'error', from: { path: '^electron/common' }, to: { dependencyTypes: ['core'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    exclude: { path: '^(dist|\\.tsbuild|test/lint/fixtures)' },
  },
};
