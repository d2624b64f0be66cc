// A parser of WWW-Authenticate written from RFC 7235's grammar (§4.1, §2.1,
// with RFC 7230 §3.2.6 for token and quoted-string), to check the
// middleware's challenges without trusting its own code:
//   WWW-Authenticate = 1#challenge
//   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param  = token BWS "=" BWS ( token / quoted-string )
//   token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//   quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
//   qdtext      = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
//   quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
// Anything outside the grammar throws.

export interface Challenge {
  scheme: string
  params: Record<string, string>
  token68?: string
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const TOKEN68 = /[A-Za-z0-9\-._~+/]/

export function parseWwwAuthenticate(value: string): Challenge[] {
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`WWW-Authenticate: ${what} at ${i} in ${JSON.stringify(value)}`)
  }
  const ows = (): void => {
    while (value[i] === ' ' || value[i] === '\t') i++
  }
  const token = (): string => {
    const start = i
    while (i < value.length && TCHAR.test(value[i]!)) i++
    if (i === start) fail('expected a token')
    return value.slice(start, i)
  }
  const quoted = (): string => {
    if (value[i] !== '"') fail('expected a quoted-string')
    i++
    let out = ''
    for (;;) {
      const c = value[i]
      if (c === undefined) fail('unterminated quoted-string')
      const code = c!.charCodeAt(0)
      if (c === '"') break
      if (c === '\\') {
        const next = value[i + 1]
        if (next === undefined) fail('quoted-pair at the end')
        const n = next!.charCodeAt(0)
        if (!(n === 9 || (n >= 0x20 && n <= 0x7e) || (n >= 0x80 && n <= 0xff))) fail('bad quoted-pair')
        out += next
        i += 2
        continue
      }
      if (!(code === 9 || code === 0x20 || code === 0x21 || (code >= 0x23 && code <= 0x5b) || (code >= 0x5d && code <= 0x7e) || (code >= 0x80 && code <= 0xff))) fail('bad qdtext')
      out += c
      i++
    }
    i++
    return out
  }
  // An auth-param starts here when a token is followed by BWS "=" and then not "=" or "," or the end (token68 padding).
  const paramAhead = (): boolean => {
    let j = i
    while (j < value.length && TCHAR.test(value[j]!)) j++
    if (j === i) return false
    while (value[j] === ' ' || value[j] === '\t') j++
    if (value[j] !== '=') return false
    j++
    while (value[j] === ' ' || value[j] === '\t') j++
    return j < value.length && value[j] !== '=' && value[j] !== ','
  }
  const challenges: Challenge[] = []
  for (;;) {
    while (value[i] === ',' || value[i] === ' ' || value[i] === '\t') i++
    if (i >= value.length) break
    const challenge: Challenge = { scheme: token(), params: {} }
    challenges.push(challenge)
    if (i >= value.length) break
    if (value[i] === ',') continue
    if (value[i] !== ' ') fail('expected SP after the scheme')
    while (value[i] === ' ') i++
    if (i >= value.length) break
    if (!paramAhead()) {
      const start = i
      while (i < value.length && TOKEN68.test(value[i]!)) i++
      if (i === start) fail('expected token68 or auth-param')
      while (value[i] === '=') i++
      challenge.token68 = value.slice(start, i)
      ows()
      if (i < value.length && value[i] !== ',') fail('junk after token68')
      continue
    }
    for (;;) {
      const name = token().toLowerCase()
      ows()
      if (value[i] !== '=') fail('expected "="')
      i++
      ows()
      const param = value[i] === '"' ? quoted() : token()
      // RFC 7235 §2.2: each parameter name only once per challenge.
      if (Object.hasOwn(challenge.params, name)) fail(`parameter ${name} twice`)
      challenge.params[name] = param
      ows()
      if (i >= value.length) break
      if (value[i] !== ',') fail('expected ","')
      while (value[i] === ',' || value[i] === ' ' || value[i] === '\t') i++
      if (i >= value.length || !paramAhead()) break
    }
  }
  if (challenges.length === 0) fail('no challenge')
  return challenges
}
