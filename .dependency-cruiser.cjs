// dependency-cruiser's rules for `npm run lint:cycles`: no import circle anywhere in main/, common/, renderer/, preload/ or scripts/ (issue 11).
// [Note: type-only imports count] A circle made only of `import type` vanishes when TypeScript
// compiles, but it still ties the modules together for a reader and for the next change, which
// may turn one of its imports into a value import; so every import counts here.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: cut it (pass a function or a value in, or move the shared part into a module both can import).',
      from: { path: '^(main|common|renderer|preload|scripts)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
