/** Why the demo server refuses to start: printed as one line, exit code 1. */
export class StartupError extends Error {
  name = 'StartupError'
}
