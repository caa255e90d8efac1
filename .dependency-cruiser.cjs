/**
 * The dependency rules of mimecast-c2c, checked by `npm run deps` (part of `npm test`). The layering and the
 * reasons behind it are in docs/architecture.md; this file is their executable form.
 * src/monitors is named before it exists, so the monitors work lands inside the rules.
 */
const { builtinModules } = require('node:module');

/** Test code may import anything; production code may never import it. */
const TEST = [
  '\\.test\\.tsx?$',
  '(^|/)test-[^/]*\\.ts$',
  '/__fixtures__/',
  // Contract suites (the store's): run by each backend's test, so they are test code whatever else they are named.
  '[-.]contract[-.][^/]*$',
  '^src/[^/]+/contract/',
  '^src/e2e/',
  '^bench/',
];

const folders = (...names) => `^src/(${names.join('|')})(/|\\.ts$)`;

// Lowest first. Folders of one layer are independent of each other unless a rule below allows an edge.
const LAYERS = [
  { name: 'core-model', folders: ['core', 'model'] },
  { name: 'components', folders: ['sources', 'pipeline', 'store', 'query', 'simulator'] },
  { name: 'engines', folders: ['collector', 'content', 'search', 'monitors'] },
  { name: 'services', folders: ['services'] },
  // src/cli.ts (the dispatcher) belongs with src/cli/: `folders` matches both.
  { name: 'edges', folders: ['api', 'cli'] },
];

const NODE_BUILTINS = `^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`;

/** Files of src/core that need node (process, streams): the browser may not use them. */
const NODE_ONLY_CORE = '^src/core/(logger)\\.ts$';

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}-imports-higher`,
  comment: `${layer.folders.join(', ')} may not import a higher layer (${LAYERS.slice(i + 1)
    .map((l) => l.name)
    .join(', ')}) or the UI`,
  severity: 'error',
  from: { path: folders(...layer.folders), pathNot: TEST },
  to: { path: [folders(...LAYERS.slice(i + 1).flatMap((l) => l.folders)), '^src/ui/'] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'core-imports-only-core',
      comment: 'core holds helpers with no domain knowledge; the domain model builds on it, never the reverse.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TEST },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'components-independent',
      comment:
        'sources, pipeline, store, query and simulator each stand on core and model alone, so each can be ' +
        'tested and replaced alone; code that combines them is a higher layer. In particular the simulator ' +
        'shares no code with the Mimecast client it stands in for, or a bug in one would hide in both.',
      severity: 'error',
      from: { path: folders('sources', 'pipeline', 'store', 'query', 'simulator'), pathNot: TEST },
      to: { path: folders('sources', 'pipeline', 'store', 'query', 'simulator'), pathNot: '^src/$1(/|\\.ts$)' },
    },
    {
      name: 'engines-independent',
      comment:
        'collector, content, search and monitors do not call each other, except that monitors run their ' +
        'queries through search; the services layer is where they meet.',
      severity: 'error',
      from: { path: folders('collector', 'content', 'search', 'monitors'), pathNot: TEST },
      to: {
        path: folders('collector', 'content', 'search', 'monitors'),
        pathNot: ['^src/$1(/|\\.ts$)', '^src/search/'],
      },
    },
    {
      name: 'engines-only-monitors-use-search',
      comment: 'The one allowed edge inside the engines layer is monitors -> search.',
      severity: 'error',
      from: { path: folders('collector', 'content'), pathNot: TEST },
      to: { path: '^src/search/' },
    },
    {
      name: 'api-not-cli',
      comment: 'The CLI starts the HTTP server (serve, demo), so cli may import api; the API never needs the CLI.',
      severity: 'error',
      from: { path: '^src/api/', pathNot: TEST },
      to: { path: folders('cli') },
    },
    {
      name: 'ui-imports-only-ui-model-core',
      comment:
        'The UI runs in the browser and talks to the server over HTTP: besides npm packages it may import ' +
        'src/ui, src/model and the browser-safe files of src/core, nothing else of ours.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/', pathNot: ['^src/(ui|model|core)/', NODE_ONLY_CORE] },
    },
    {
      name: 'ui-no-node-only-core',
      comment: 'These core files use node (process, streams); tsconfig.ui.json would reject them too.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: NODE_ONLY_CORE },
    },
    {
      name: 'browser-code-reaches-no-node-builtin',
      comment: 'Nothing the UI bundles, directly or through model and core, may import a node builtin.',
      severity: 'error',
      from: { path: '^src/ui/', pathNot: TEST },
      to: { path: NODE_BUILTINS, reachable: true },
    },
    {
      name: 'model-browser-safe',
      comment: 'The model is shared with the UI: no node builtins.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: NODE_BUILTINS },
    },
    {
      name: 'server-not-to-ui',
      comment: 'Server code serves the built UI as static files; it never imports UI modules.',
      severity: 'error',
      from: { path: '^(src|bin|bench)/', pathNot: '^src/ui/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'production-not-to-test',
      comment: 'Test code (tests, test-*.ts helpers, fixtures, the store contract, e2e, bench) never ships.',
      severity: 'error',
      from: { path: '^(src|bin)/', pathNot: TEST },
      to: { path: TEST },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Type-only imports count: a domain type living in the wrong layer is exactly what the rules are for.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
