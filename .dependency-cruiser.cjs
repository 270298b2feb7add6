/** Layer rules of STYLE.md section 8. A violation fails `make test`. */
const notIn = (...paths) => `^src/(?!(${paths.join('|')}))`;
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      severity: 'error',
      from: { orphan: true, pathNot: ['\\.test\\.ts$', '\\.d\\.ts$', '^src/cli/index\\.ts$', '^src/main\\.ts$'] },
      to: {},
    },
    {
      name: 'no-dev-deps-in-src',
      severity: 'error',
      from: { path: '^src', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'canonical-is-pure',
      severity: 'error',
      from: { path: '^src/canonical' },
      to: { path: '^src/(?!canonical)' },
    },
    {
      name: 'errors-log-are-leaves',
      severity: 'error',
      from: { path: '^src/(errors|log)/' },
      to: { path: notIn('errors', 'log') },
    },
    {
      name: 'ports-only-model',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: notIn('ports', 'canonical', 'errors', 'log') },
    },
    {
      name: 'kit-layer',
      severity: 'error',
      from: { path: '^src/connectors/kit/' },
      to: { path: notIn('connectors/kit', 'ports', 'canonical', 'errors', 'log') },
    },
    {
      name: 'platform-isolated',
      comment: 'a platform folder never imports another platform, adapters, pipeline or server',
      severity: 'error',
      from: { path: '^src/connectors/([^/]+)/', pathNot: ['^src/connectors/kit/', '^src/connectors/registry\\.ts$', '/emulator/'] },
      to: { path: '^src/(adapters|pipeline|server|review|analytics|cli)/|^src/connectors/(?!kit/|$1/)' },
    },
    {
      name: 'emulator-isolated',
      comment: 'emulators use node built-ins, the synthetic economy and their own platform only',
      severity: 'error',
      from: { path: '^src/connectors/([^/]+)/emulator/' },
      to: { path: '^src/(?!(emulation/|canonical/|connectors/$1/))' },
    },
    {
      name: 'emulators-only-from-cli-and-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/connectors/[^/]+/emulator/', '^src/emulation/'] },
      to: { path: '/emulator/|^src/emulation/' },
    },
    {
      name: 'adapter-isolated',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/([^/]+)/' },
      to: { path: '^src/(?!(ports|canonical|errors|log)/|adapters/$1/$2/|adapters/$1/shared/|adapters/store/shared/)' },
    },
    {
      name: 'core-layers',
      severity: 'error',
      from: { path: '^src/(pipeline|review|analytics)/' },
      to: { path: '^src/(adapters|server|cli|web)/' },
    },
    {
      name: 'ui-never-adapters',
      severity: 'error',
      from: { path: '^src/(server|cli|web)/' },
      to: { path: '^src/adapters/(?!registry\\.ts$)' },
    },
    { name: 'src-never-test', severity: 'error', from: { path: '^src/' }, to: { path: '^test/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    exclude: { path: '\\.test\\.ts$' },
  },
};
