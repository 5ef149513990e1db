// Lint: typescript-eslint with type information, React hooks, jsx-a11y, and the import
// boundaries the README describes (docs/decisions/007-lint-and-format.md).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import boundaries from 'eslint-plugin-boundaries'
import importX from 'eslint-plugin-import-x'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Feature folders: their top-level files are public, their subfolders are their own. */
const FEATURES = ['connectors', 'secrets', 'delegates', 'pipelines', 'scopes']

const boundaryElements = [
  { type: 'main', pattern: 'src/main.tsx', mode: 'full' },
  { type: 'app', pattern: 'src/app/**', mode: 'full' },
  { type: 'ui', pattern: 'src/ui/**', mode: 'full' },
  { type: 'lib', pattern: 'src/lib/**', mode: 'full' },
  { type: 'test-support', pattern: 'src/test/**', mode: 'full' },
  { type: 'connector-types', pattern: 'src/connector-types/**', mode: 'full' },
  { type: 'pipeline-model', pattern: 'src/pipeline-model/**', mode: 'full' },
  { type: 'backend', pattern: 'src/backend/**', mode: 'full' },
  { type: 'demo-backend', pattern: 'src/demo-backend/**', mode: 'full' },
  { type: 'server', pattern: 'src/server/**', mode: 'full' },
  { type: 'delegate-agent', pattern: 'src/delegate-agent/**', mode: 'full' },
  ...FEATURES.flatMap((feature) => [
    { type: 'feature-internal', pattern: `src/${feature}/*/**`, mode: 'full', feature },
    { type: 'feature-screen', pattern: `src/${feature}/*.tsx`, mode: 'full', feature },
    { type: 'feature', pattern: `src/${feature}/*`, mode: 'full', feature },
  ]),
].map(({ feature, ...element }) =>
  // The feature's name is part of the element so that rules can tell "own" from "another".
  feature ? { ...element, type: `${element.type}:${feature}` } : element,
)

const featureTypes = (kind) => FEATURES.map((feature) => `${kind}:${feature}`)
const allFeatureTypes = [
  ...featureTypes('feature'),
  ...featureTypes('feature-internal'),
  ...featureTypes('feature-screen'),
]
/** The domain: what a connector type and a pipeline are. Screens and the backend share it. */
const domain = ['connector-types', 'pipeline-model']
const shared = ['ui', 'lib', ...domain]

const boundaryRules = [
  { from: 'main', allow: ['app', 'demo-backend', ...shared] },
  { from: 'app', allow: ['app', ...featureTypes('feature'), ...featureTypes('feature-screen'), ...shared] },
  { from: 'ui', allow: ['ui', 'lib'] },
  { from: 'lib', allow: ['lib'] },
  { from: 'connector-types', allow: ['connector-types', 'lib'] },
  { from: 'pipeline-model', allow: ['pipeline-model', 'lib', 'connector-types'] },
  // The backend core answers the API; it shares the domain with the screens, never a feature
  // (what both need lives in the domain folders). Its hosts (the browser demo, the Node server)
  // import the core, never each other.
  { from: 'backend', allow: ['backend', 'lib', ...domain] },
  { from: 'demo-backend', allow: ['demo-backend', 'backend', 'lib', ...domain] },
  // The server embeds a delegate; a delegate knows the core's failure taxonomy, never the server.
  { from: 'server', allow: ['server', 'backend', 'delegate-agent', 'lib', ...domain] },
  { from: 'delegate-agent', allow: ['delegate-agent', 'backend', 'lib', 'connector-types'] },
  // Test support may build any host: the backend's API tests run on both of them.
  {
    from: 'test-support',
    allow: ['demo-backend', 'backend', 'server', 'delegate-agent', 'test-support', ...shared, ...allFeatureTypes],
  },
  ...FEATURES.map((feature) => {
    // Another feature's public (top-level) files, screens included; never its subfolders.
    const others = FEATURES.filter((other) => other !== feature)
    const own = [`feature:${feature}`, `feature-internal:${feature}`, `feature-screen:${feature}`]
    const otherPublic = others.flatMap((other) => [`feature:${other}`, `feature-screen:${other}`])
    return {
      from: own,
      allow: [...own, ...otherPublic, ...shared],
    }
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
