// Which way imports may run inside src (issue #12): composition (main, server, app, yoga, worker)
// → rest / schema → services → {talk messages, job queue, lib, db}. A lower layer never imports a
// higher one, not even for a type. Run with `pnpm --filter @worksbase/api deps:check`.
const notTests = '\\.test\\.ts$'
const composition = '^src/(main|server|app|yoga|worker|context)\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles make the start-up order fragile and the layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-db-stay-low',
      severity: 'error',
      comment: 'lib/ and db/ are the bottom layers: they know nothing of jobs, services or the APIs.',
      from: { path: '^src/(lib|db)/', pathNot: notTests },
      to: { path: ['^src/(services|schema|rest|jobs)/', composition] },
    },
    {
      name: 'jobs-only-machinery',
      severity: 'error',
      comment: 'jobs/ is the queue and the worker machinery; the worker is composed in src/worker.ts.',
      from: { path: '^src/jobs/', pathNot: notTests },
      to: { path: ['^src/(services|schema|rest)/', composition] },
    },
    {
      name: 'services-below-apis',
      severity: 'error',
      comment: 'Services are shared by GraphQL, REST and the worker, so they import none of them.',
      from: { path: '^src/services/', pathNot: notTests },
      to: { path: ['^src/(schema|rest)/', composition] },
    },
    {
      name: 'apis-below-composition',
      severity: 'error',
      comment: 'GraphQL and REST are composed by app.ts, yoga.ts and server.ts; they import none of them.',
      from: { path: '^src/(rest|schema)/', pathNot: notTests },
      to: { path: '^src/(main|server|app|yoga|worker)\\.ts$' },
    },
    {
      name: 'graphql-not-rest',
      severity: 'error',
      comment: 'The GraphQL schema and the REST routes are siblings: what both need lives in services or lib.',
      from: { path: '^src/schema/', pathNot: notTests },
      to: { path: '^src/rest/' },
    },
    {
      name: 'rest-not-graphql',
      severity: 'error',
      comment: 'REST routes use the services (and lib/ids.ts), never the GraphQL schema.',
      from: { path: '^src/rest/', pathNot: notTests },
      to: { path: '^src/schema/' },
    },
  ],
  options: {
    // Resolves `#generated/...` through package.json's "imports" (enhanced-resolve reads that field).
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'node', 'default'] },
  },
}
