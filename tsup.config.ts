import { defineConfig, type Options } from 'tsup'

const shared = { target: 'node20', platform: 'node', treeshake: true, sourcemap: false } satisfies Options

// The CLI is written on the public API only, as a user would: its one import
// of `../index.js` becomes the built `./index.mjs` beside it (never a second
// copy of the library), and any other import of the library's internals
// fails the build.
const publicApiOnly: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'jot-cli-public-api-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!/[\\/]src[\\/]cli$/.test(args.resolveDir)) return undefined
      if (args.path === '../index.js') return { path: './index.mjs', external: true }
      if (args.path.startsWith('./')) return undefined
      return { errors: [{ text: `the CLI may import only ../index.js (the public API), not ${args.path}` }] }
    })
  },
}

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // One shared chunk per format, so every entry sees the same JwtError
    // class and `instanceof` holds across subpaths.
    splitting: true,
    // Everything but the CLI, which the second build writes at the same time.
    clean: ['!cli.mjs'],
    // The ESM types come out as index.d.ts (tsup's dts worker ignores outExtension);
    // the build script renames them to index.d.mts to sit beside index.mjs.
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
  },
  {
    ...shared,
    // `jot` on the command line (package.json `bin`): ESM only, and the only
    // file with a shebang.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [publicApiOnly],
    outExtension: () => ({ js: '.mjs' }),
  },
])
