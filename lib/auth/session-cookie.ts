// Auth.js's session cookie: `authjs.session-token` (`__Secure-` prefixed over https), split into
// `.0`, `.1`, … when large. Without one there is no session, so nothing needs decoding.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export function hasSessionCookie(cookies: Iterable<{ name: string }>): boolean {
  for (const c of cookies) if (SESSION_COOKIE.test(c.name)) return true;
  return false;
}
