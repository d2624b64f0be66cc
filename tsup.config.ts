import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'node',
  dts: true,
  // One shared chunk per format, so every entry sees the same JwtError
  // class and `instanceof` holds across subpaths.
  splitting: true,
  treeshake: true,
  clean: true,
  sourcemap: false,
  // The ESM types come out as index.d.ts (tsup's dts worker ignores outExtension);
  // the build script renames them to index.d.mts to sit beside index.mjs.
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
})
