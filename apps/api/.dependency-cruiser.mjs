// Which way imports may run inside src (issue #12): composition (main, server, app, yoga, worker,
// context) → rest / schema → services → {job queue and worker machinery, lib, db}. A lower layer never
// imports a higher one, not even for a type. Run with `pnpm --filter @worksbase/api deps:check`.
const composition = '^src/(main|server|app|yoga|worker|context)\\.ts$'

/** A layer rule: modules under `from` (tests aside) import nothing matching `to`. */
const layer = (name, comment, from, to) => ({ name, severity: 'error', comment, from: { path: from, pathNot: '\\.test\\.ts$' }, to: { path: to } })

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
    layer('lib-db-stay-low', 'lib/ and db/ are the bottom layers: they know nothing of jobs, services or the APIs.', '^src/(lib|db)/', [
      '^src/(services|schema|rest|jobs)/',
      composition,
    ]),
    layer('jobs-only-machinery', 'jobs/ is the queue and the worker machinery; src/worker.ts wires the handlers.', '^src/jobs/', [
      '^src/(services|schema|rest)/',
      composition,
    ]),
    layer('services-below-apis', 'Services are shared by GraphQL, REST and the worker, so they import none of them.', '^src/services/', [
      '^src/(schema|rest)/',
      composition,
    ]),
    layer('apis-below-composition', 'app.ts, yoga.ts and server.ts compose GraphQL and REST; neither imports them.', '^src/(rest|schema)/', '^src/(main|server|app|yoga|worker)\\.ts$'),
    layer('graphql-not-rest', 'The GraphQL schema and the REST routes are siblings: what both need lives in services or lib.', '^src/schema/', '^src/rest/'),
    layer('rest-not-graphql', 'REST routes use the services (and lib/ids.ts), never the GraphQL schema.', '^src/rest/', '^src/schema/'),
  ],
  options: {
    // `#generated/...` resolves through package.json's "imports" (enhanced-resolve reads that field);
    // the generated Prisma client is a leaf here, its own internal circles are not ours.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'node', 'default'] },
  },
}
