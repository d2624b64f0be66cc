// The two services' small node:http helpers: listen on a free loopback port,
// answer JSON, read a bounded JSON body.

/** Listens on 127.0.0.1 on a free port; resolves to `http://127.0.0.1:PORT`. */
export function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve(`http://127.0.0.1:${server.address().port}`)
    })
  })
}

/** Closes a server and its idle keep-alive connections. */
export function closeServer(server) {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
}

export function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

/** The request's JSON body (at most `limit` bytes), or undefined when it is not JSON. */
export async function readJson(req, limit = 4096) {
  let size = 0
  const chunks = []
  for await (const chunk of req) {
    size += chunk.length
    if (size > limit) return undefined
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}
