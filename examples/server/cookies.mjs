// The refresh-token cookie. A cookie has one Path, and the refresh token must
// reach exactly two routes, so it is set twice, once per path: the browser
// sends it to POST /refresh and POST /logout and to nothing else, and page
// scripts never see it (HttpOnly).

export const REFRESH_COOKIE = 'refresh_token'
export const REFRESH_PATHS = ['/refresh', '/logout']

// Secure is dropped only where browsers cannot use https: a loopback host.
// (Anywhere else a cookie without Secure would travel in clear text.)
export function isLoopbackHost(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

function cookie(req, value, maxAgeSeconds, path) {
  const parts = [`${REFRESH_COOKIE}=${value}`, `Path=${path}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict']
  if (req.secure || !isLoopbackHost(req.hostname)) parts.push('Secure')
  return parts.join('; ')
}

/** Sets the refresh token on both of its paths, for `maxAgeSeconds`. */
export function setRefreshCookie(req, res, refreshToken, maxAgeSeconds) {
  res.append('Set-Cookie', REFRESH_PATHS.map((path) => cookie(req, refreshToken, maxAgeSeconds, path)))
}

/** Removes the refresh token from both paths. */
export function clearRefreshCookie(req, res) {
  res.append('Set-Cookie', REFRESH_PATHS.map((path) => cookie(req, '', 0, path)))
}
