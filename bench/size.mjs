// npm run size [-- --why] [-- --json]
//
// Bundles one import of jot and of jose the way an application would
// (esbuild, minified, platform node, ESM) and prints bytes and gzip bytes.
// jot comes from the built package (npm run size builds it first). `--why`
// also bundles jot from src/ and lists the bytes each module adds.
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const ENTRIES = [
  { name: 'jot verify', contents: "export { verify } from 'jot'", peer: 'jose jwtVerify' },
  { name: 'jot sign', contents: "export { sign } from 'jot'", peer: 'jose SignJWT' },
  { name: 'jose jwtVerify', contents: "export { jwtVerify } from 'jose'" },
  { name: 'jose SignJWT', contents: "export { SignJWT } from 'jose'" },
]

/** The esbuild settings of the measure: minified ESM for Node, gzip -9. */
export const SIZE_METHOD = 'esbuild --bundle --minify --platform=node --format=esm; gzip level 9'

async function bundle(contents, loader = 'js') {
  const result = await build({
    stdin: { contents, resolveDir: root, loader },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'error',
  })
  const code = result.outputFiles[0].contents
  const inputs = Object.values(result.metafile.outputs)[0].inputs
  let messageBytes = 0
  for (const literal of result.outputFiles[0].text.matchAll(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g)) {
    if (literal[0].length > 40) messageBytes += literal[0].length
  }
  return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs, messageBytes }
}

/** Bundles every entry: `{ name, contents, peer?, bytes, gzip }` each. */
export async function measureSizes() {
  const sizes = []
  for (const entry of ENTRIES) {
    const { bytes, gzip } = await bundle(entry.contents)
    sizes.push({ ...entry, bytes, gzip })
  }
  return sizes
}

/**
 * What an entry bundled from src/ is made of: its minified bytes, the bytes
 * in string literals longer than 40 characters (error messages, mostly) and
 * the bytes each module adds, largest first.
 */
export async function breakdown(name) {
  const result = await bundle(`export { ${name} } from './src/index.ts'`, 'ts')
  const modules = Object.entries(result.inputs)
    .map(([file, v]) => ({ file, bytes: v.bytesInOutput }))
    .filter((m) => m.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
  return { bytes: result.bytes, messageBytes: result.messageBytes, modules }
}

async function main(args) {
  const sizes = await measureSizes()
  if (args.includes('--json')) {
    console.log(JSON.stringify(sizes, null, 2))
  } else {
    const num = (n) => n.toLocaleString('en-US')
    console.log(SIZE_METHOD)
    console.log(`  ${'entry'.padEnd(16)}${'minified'.padStart(10)}${'gzip'.padStart(8)}   vs jose (target ≤ 0.50)`)
    for (const s of sizes) {
      const peer = sizes.find((p) => p.name === s.peer)
      const ratio = peer === undefined ? '' : `   ${(s.bytes / peer.bytes).toFixed(2)} min, ${(s.gzip / peer.gzip).toFixed(2)} gzip`
      console.log(`  ${s.name.padEnd(16)}${num(s.bytes).padStart(10)}${num(s.gzip).padStart(8)}${ratio}`)
    }
  }
  if (args.includes('--why')) {
    // The same entries from the TypeScript sources, to see each module's share.
    for (const name of ['verify', 'sign']) {
      const { bytes, messageBytes, modules } = await breakdown(name)
      console.log(`\njot ${name} from src/: ${bytes.toLocaleString('en-US')} bytes minified, ${messageBytes.toLocaleString('en-US')} in long string literals; bytes per module:`)
      for (const m of modules) console.log(`  ${String(m.bytes).padStart(6)}  ${m.file}`)
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2))
