// Compiles the API into one ESM file, dist/main.js, for production (`npm start`).
// Running compiled JavaScript instead of TypeScript through tsx keeps the process smaller and starts
// it faster. npm packages stay external (loaded from node_modules as usual); the project's own code,
// the generated Prisma client and the workspace package @worksbase/schema are bundled.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const apiDir = fileURLToPath(new URL('..', import.meta.url))
// `node scripts/build.mjs dist/other.js` writes another file (it must stay directly in dist/, see src/paths.ts).
const outfile = process.argv[2] ?? 'dist/main.js'
if (!/^dist\/[\w.-]+\.js$/.test(outfile)) throw new Error(`the bundle must be a file directly in dist/ (got ${outfile})`)

await build({
  absWorkingDir: apiDir,
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm-packages',
      setup(builder) {
        // Bare specifiers are npm packages, except our own workspace packages (TypeScript source).
        builder.onResolve({ filter: /^[^./#]/ }, (args) =>
          args.path.startsWith('@worksbase/') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
})
