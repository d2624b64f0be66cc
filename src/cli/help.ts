// The --help text of each command: what it does, its flags, examples.

const KEY_FORMS = 'a file (PEM, DER, a JWK, a JWKS or a raw secret) or env:NAME'

/** The help of each command, by name. */
export const HELP: Record<string, string> = {
  decode: `jot decode [token] [--json] [--now <iso|seconds>]

Shows a token's header and claims WITHOUT verifying it: iat, nbf and exp as
dates and relative times, a time bar from iat to exp, and warnings (alg none,
no exp, a lifetime over a day, sensitive-looking claims, jku/x5u/jwk/x5c).
A five-part JWE is recognized and its protected header shown. The token comes
as an argument or on stdin; "Bearer …" and "Authorization: Bearer …" are
accepted. Exit 0 when it decodes, 1 when it does not.

  --now <t>   the time to compare with (default: the system clock)
  --json      one JSON document: kind, header, payload, times, warnings

Examples:
  jot decode eyJhbGciOi...
  pbpaste | jot decode
  jot decode --json "$TOKEN" | jq .payload.sub`,

  verify: `jot verify [token] --key <key> [flags]

Verifies a token as the library does. Exit 0 and the payload when it is
valid; exit 1 with the error code, its message and a hint when it is not.
<key> is ${KEY_FORMS}, or the URL of a JWKS (https:, or http: on localhost
and 127.0.0.1 only): the only network access jot makes.

  --key, -k <key>          the issuer's public key, secret or key set
  --alg <alg>              an allowed algorithm (repeat for several)
  --iss <issuer>           the expected iss (repeat for any of several)
  --aud <audience>         the expected audience (repeat for any of several)
  --sub <subject>          the expected sub
  --typ <typ>              the expected typ header
  --clock-tolerance <d>    clock skew allowed, such as 30s
  --max-age <d>            the longest accepted time since iat, such as 1h
  --now <iso|seconds>      the time to verify at (default: the system clock)
  --json                   {"valid": true, header, payload} or {"valid": false, error}

Durations take a unit: 90s, 15m, 1h, 7d (a number alone is refused).

Examples:
  jot verify "$TOKEN" --key issuer.pub.pem --iss https://auth.example.com --aud api
  jot verify --key https://auth.example.com/.well-known/jwks.json < token.txt
  jot verify "$TOKEN" --key env:JWT_SECRET --alg HS256`,

  sign: `jot sign --key <key> [flags] '<json payload>'

Signs the payload (an argument, or stdin) and prints the token, for tests.
<key> is ${KEY_FORMS}: a private key or a secret. A JWK's kid goes into the
header unless --kid is given. The token is only printed, never written or sent.

  --key, -k <key>   the private key or secret
  --alg <alg>       the algorithm (default: from the key)
  --exp <d>         expires after this duration, such as 15m
  --nbf <d>         not valid before now + this duration
  --iss, --sub <s>  set iss, sub
  --aud <a>         set aud (repeat for several)
  --jti             set a random jti
  --kid <kid>       the header's kid
  --typ <typ>       the header's typ (default JWT)
  --now <t>         the time to sign at (default: the system clock)
  --json            {token, header, payload}

Durations take a unit: 90s, 15m, 1h, 7d (a number alone is refused).

Examples:
  jot sign --key dev.key --exp 15m --iss auth --aud api '{"sub":"u1","role":"admin"}'
  echo '{"sub":"u1"}' | jot sign --key env:JWT_SECRET --exp 5m`,

  keygen: `jot keygen <alg> [--jwk | --pem] [--kid thumbprint|<value>] [--out <prefix>]

Makes a new key pair (PEM by default, or JWK) or, for HS256/384/512, a secret
(as a JWK). The kid is the key's RFC 7638 thumbprint unless --kid gives one.
Without --out the private part is printed (this is the one command that
prints a secret). With --out it goes to <prefix>.key, mode 0600, and the
public part beside it: <prefix>.pub.pem, or <prefix>.jwks.json ready to
publish. Existing files are never overwritten.

  --jwk, --pem       the form of the keys
  --kid <value>      the kid ("thumbprint", the default, or your own)
  --out, -o <prefix> write files instead of printing
  --json             {alg, kid, format, privateKey, publicKey} or {…, files}

Examples:
  jot keygen ES256 --jwk --out signing
  jot keygen EdDSA > dev.key
  jot keygen HS256 --kid dev --out secret`,

  jwks: `jot jwks <url | file> [--json]

Fetches (https:, or http: on localhost and 127.0.0.1 only) or reads a key
set and lists each key: kid, kty, curve or size, alg, use and the RFC 7638
thumbprint, with a warning for each key jot would ignore and why. Exit 1 when
the set is refused (a private key in it, secret and public keys mixed...) or
no key in it can verify.

Examples:
  jot jwks https://auth.example.com/.well-known/jwks.json
  jot jwks signing.jwks.json --json`,

  thumbprint: `jot thumbprint <key file> [--json]

Prints the RFC 7638 thumbprint of a JWK (or of a PEM or DER key): the same
for a private key and its public half, so it makes a stable kid. With --json
also its RFC 9278 URI.

Examples:
  jot thumbprint signing.key
  jot thumbprint issuer.pub.pem --json`,
}

/** The help of jot itself. */
export const OVERVIEW = `jot: JSON Web Tokens on the command line, without sending them anywhere

Usage: jot <command> [arguments] [--json] [--help]

  decode [token]             show a token's header and claims (not verified)
  verify [token] --key <k>   verify a token; say why it is refused
  sign --key <k> '<json>'    sign a payload (for tests)
  keygen <alg>               make a secret or a key pair
  jwks <url | file>          list the keys of a key set
  thumbprint <key file>      the RFC 7638 thumbprint of a key

Run jot <command> --help for its flags and examples. Exit codes: 0 done,
1 refused or failed, 2 a wrong command line.`
