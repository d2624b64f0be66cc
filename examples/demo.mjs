// `npm run demo`: builds jot, starts examples/server on localhost (port 3000,
// the next free one, or PORT), walks the whole story once over real HTTP, one
// line per step, then keeps serving the page until Ctrl+C.
// `npm run demo -- --once` (or CI=true) exits after the walk: 0 when every
// step answered as expected, 1 otherwise.
import { runOrExit, startServer } from './server/main.mjs'
import { walk } from './server/walk.mjs'

const once = process.argv.includes('--once') || process.env.CI === 'true'

await runOrExit(async () => {
  const server = await startServer()
  console.log(`jot demo: the tutorial's app on ${server.url} (${server.storeKind} stores)`)
  console.log('the story, once, over HTTP:')
  const steps = await walk(server.origin)
  const failed = steps.filter((step) => !step.ok).length
  console.log(failed === 0 ? `all ${steps.length} steps answered as expected` : `${failed} of ${steps.length} steps did NOT answer as expected`)
  if (once) {
    await server.close()
    process.exit(failed === 0 ? 0 : 1)
  }
  console.log(`\nopen ${server.url} in your browser: log in as alice / password or admin / admin. Ctrl+C to stop.`)
  const stop = () => server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
})
