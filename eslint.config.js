// Lint: typescript-eslint with type information, React hooks, jsx-a11y, and the import
// boundaries the README describes (docs/decisions/007-lint-and-format.md, 019-connectors-split-by-task.md).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import boundaries from 'eslint-plugin-boundaries'
import importX from 'eslint-plugin-import-x'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Feature folders: their top-level files are public, their subfolders are their own. */
const FEATURES = [
  'connectors',
  'secrets',
  'delegates',
  'pipelines',
  'scopes',
  'access-control',
  'sign-in',
  'audit-trail',
]

/**
 * A feature split by what a person does there (docs/decisions/019-connectors-split-by-task.md):
 * each area is a subfolder, and the files listed for it are its public surface inside the feature.
 * The feature's top-level files and its other areas may import those, and nothing else of the
 * area; an area's other files are its own. Other features and src/app still see only the
 * feature's top-level files. A feature with areas has no other subfolders: a file in an unlisted
 * one is no element, and importing it fails (boundaries/no-unknown).
 */
const FEATURE_AREAS = {
  connectors: {
    // Find connectors: the table, its filters and query, and the dialogs the page opens.
    list: [
      'connector-table.tsx',
      'connector-list-filters.tsx',
      'connector-list-params.ts',
      'connector-page-dialogs.tsx',
      'connector-dialog-store.ts',
    ],
    // Look at one connector (usage, test history, its YAML) and delete it.
    details: ['connector-details-dialog.tsx', 'delete-connector-dialog.tsx'],
    // Create via YAML, Edit YAML (the Details tab), import and export.
    yaml: [
      'create-via-yaml-dialog.tsx',
      'connector-yaml-section.tsx',
      'import-connectors-dialog.tsx',
      'export-connectors.ts',
      'connector-yaml-checks.ts',
    ],
    // Select many connectors and re-test them; the targets import and export act on.
    bulk: ['bulk-actions.tsx', 'bulk-retest.ts', 'bulk-selection.ts', 'bulk-targets.ts', 'selection-checkboxes.tsx'],
    // A save refused as stale: the comparison and its two ways forward, for the wizard and Edit YAML.
    conflicts: ['use-conflicting-save.ts', 'save-conflict-dialog.tsx', 'yaml-conflict-dialog.tsx'],
    // A connection test's run and how its result reads, wherever a test is shown.
    'connection-test': ['connection-test-run.ts', 'connectivity-badge.tsx', 'stage-log.tsx'],
    // Create or edit with the form: the catalog and Clone lead into it, the lazy chunk is the way in.
    wizard: [
      'lazy-connector-wizard.ts',
      'connector-catalog.tsx',
      'clone-connector.ts',
      'test-connection-step.tsx',
      'test-progress.tsx',
    ],
  },
}
const areasOf = (feature) => Object.keys(FEATURE_AREAS[feature] ?? {})

const boundaryElements = [
  { type: 'main', pattern: 'src/main.tsx', mode: 'full' },
  { type: 'app', pattern: 'src/app/**', mode: 'full' },
  { type: 'ui', pattern: 'src/ui/**', mode: 'full' },
  { type: 'lib', pattern: 'src/lib/**', mode: 'full' },
  { type: 'test-support', pattern: 'src/test/**', mode: 'full' },
  { type: 'connector-types', pattern: 'src/connector-types/**', mode: 'full' },
  { type: 'connection-tests', pattern: 'src/connection-tests/**', mode: 'full' },
  // The kit and the one list come before the protocol folders, which the first match would take.
  { type: 'protocol-kit', pattern: 'src/protocols/kit/**', mode: 'full' },
  { type: 'protocol-list', pattern: 'src/protocols/*.ts', mode: 'full' },
  { type: 'protocol', pattern: 'src/protocols/*/**', mode: 'full', capture: ['protocol'] },
  { type: 'pipeline-model', pattern: 'src/pipeline-model/**', mode: 'full' },
  { type: 'backend', pattern: 'src/backend/**', mode: 'full' },
  { type: 'demo-backend', pattern: 'src/demo-backend/**', mode: 'full' },
  { type: 'server', pattern: 'src/server/**', mode: 'full' },
  { type: 'delegate-agent', pattern: 'src/delegate-agent/**', mode: 'full' },
  ...FEATURES.flatMap((feature) => [
    ...(FEATURE_AREAS[feature]
      ? Object.entries(FEATURE_AREAS[feature]).flatMap(([area, publicFiles]) => [
          // The public files first: a file is the first element whose pattern matches it.
          {
            type: 'area',
            pattern: publicFiles.map((file) => `src/${feature}/${area}/${file}`),
            mode: 'full',
            feature: `${feature}/${area}`,
          },
          { type: 'area-internal', pattern: `src/${feature}/${area}/**`, mode: 'full', feature: `${feature}/${area}` },
        ])
      : [{ type: 'feature-internal', pattern: `src/${feature}/*/**`, mode: 'full', feature }]),
    { type: 'feature-screen', pattern: `src/${feature}/*.tsx`, mode: 'full', feature },
    { type: 'feature', pattern: `src/${feature}/*`, mode: 'full', feature },
  ]),
].map(({ feature, ...element }) =>
  // The feature's name (feature/area in an area) is part of the type, so rules tell "own" from "another".
  feature ? { ...element, type: `${element.type}:${feature}` } : element,
)

const featureTypes = (kind) => FEATURES.map((feature) => `${kind}:${feature}`)
const areaTypes = (kind, feature) => areasOf(feature).map((area) => `${kind}:${feature}/${area}`)
const allFeatureTypes = [
  ...featureTypes('feature'),
  ...featureTypes('feature-internal'),
  ...featureTypes('feature-screen'),
  ...FEATURES.flatMap((feature) => [...areaTypes('area', feature), ...areaTypes('area-internal', feature)]),
]
/** The domain: what a connector type and a pipeline are. Screens and the backend share it. */
const domain = ['connector-types', 'pipeline-model']
const shared = ['ui', 'lib', ...domain]
/** What the engines (simulator, delegate, server) use of connection tests: never one protocol directly. */
const connectionTests = ['connection-tests', 'protocol-kit', 'protocol-list']

const boundaryRules = [
  { from: 'main', allow: ['app', 'demo-backend', ...shared] },
  { from: 'app', allow: ['app', ...featureTypes('feature'), ...featureTypes('feature-screen'), ...shared] },
  { from: 'ui', allow: ['ui', 'lib'] },
  { from: 'lib', allow: ['lib'] },
  { from: 'connector-types', allow: ['connector-types', 'lib'] },
  // What every connection test shares, whoever runs it: the stage log, the failure taxonomy,
  // delegate selection, credentials. It knows no protocol and no engine.
  { from: 'connection-tests', allow: ['connection-tests', 'connector-types', 'lib'] },
  // A protocol is one folder: its own files, the kit, and what every test shares. Never another
  // protocol, the simulator or the delegate; the simulator and the delegate consume protocols.
  { from: 'protocol-kit', allow: ['protocol-kit', 'connection-tests', 'connector-types', 'lib'] },
  {
    from: 'protocol',
    allow: [
      ['protocol', { protocol: '{{ from.protocol }}' }],
      'protocol-kit',
      'connection-tests',
      'connector-types',
      'lib',
    ],
  },
  { from: 'protocol-list', allow: ['protocol', 'protocol-kit', 'connection-tests', 'connector-types', 'lib'] },
  { from: 'pipeline-model', allow: ['pipeline-model', 'lib', 'connector-types'] },
  // The backend core answers the API; it shares the domain with the screens, never a feature
  // (what both need lives in the domain folders). Its hosts (the browser demo, the Node server)
  // import the core, never each other.
  { from: 'backend', allow: ['backend', 'lib', ...domain, ...connectionTests] },
  { from: 'demo-backend', allow: ['demo-backend', 'backend', 'lib', ...domain] },
  // The server embeds a delegate; a delegate knows the core's failure taxonomy, never the server.
  { from: 'server', allow: ['server', 'backend', 'delegate-agent', 'lib', ...domain, ...connectionTests] },
  // The delegate runs protocols' real checks; it never imports the simulator or the backend.
  { from: 'delegate-agent', allow: ['delegate-agent', 'lib', 'connector-types', ...connectionTests] },
  // Test support may build any host: the backend's API tests run on both of them.
  {
    from: 'test-support',
    allow: [
      'demo-backend',
      'backend',
      'server',
      'delegate-agent',
      'test-support',
      'protocol',
      ...connectionTests,
      ...shared,
      ...allFeatureTypes,
    ],
  },
  ...FEATURES.flatMap((feature) => {
    // Another feature's public (top-level) files, screens included; never its subfolders.
    const others = FEATURES.filter((other) => other !== feature)
    const topLevel = [`feature:${feature}`, `feature-screen:${feature}`]
    const otherPublic = others.flatMap((other) => [`feature:${other}`, `feature-screen:${other}`])
    if (!FEATURE_AREAS[feature]) {
      const own = [...topLevel, `feature-internal:${feature}`]
      return [{ from: own, allow: [...own, ...otherPublic, ...shared] }]
    }
    // Split into areas: the top level and every area see the top level and each area's public
    // files; an area's other files are seen by that area alone.
    const seenByAll = [...topLevel, ...areaTypes('area', feature), ...otherPublic, ...shared]
    return [
      { from: topLevel, allow: seenByAll },
      ...areasOf(feature).map((area) => ({
        from: [`area:${feature}/${area}`, `area-internal:${feature}/${area}`],
        allow: [...seenByAll, `area-internal:${feature}/${area}`],
      })),
    ]
  }),
]

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-server/',
      'node_modules/',
      'bench/node_modules/',
      'bench/results/',
      'test-results/',
      'public/mockServiceWorker.js',
      'data/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y, boundaries },
    settings: {
      'boundaries/elements': boundaryElements,
      'boundaries/include': ['src/**/*'],
      // import() too: the dialogs and the wizard are lazy chunks, and a lazy import crosses a
      // boundary as much as a static one (the plugin checks static imports only by default).
      'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'boundaries/element-types': ['error', { default: 'disallow', rules: boundaryRules }],
      'boundaries/no-unknown': 'error',
      // Components such as a step heading take an autoFocus prop of their own.
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
      // A scrollable <pre> must be reachable by keyboard (axe: scrollable-region-focusable).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: ['pre'], roles: ['tabpanel', 'region'] }],
    },
  },
  {
    // Tests may reach into what they test.
    files: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'boundaries/element-types': 'off',
      // expect.any() and asymmetric matchers are typed `any` by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // One import order everywhere, so that diffs show changes rather than reshuffles.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', ['parent', 'sibling', 'index']],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      'import-x/first': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    // Test support shares the tests' matchers (expect.any() is typed `any` by design).
    files: ['src/test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['bench/**/*.mjs'],
    // The bench drives pages: code inside page.evaluate runs in the browser.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
)
