import "server-only";
import { errors, jwtVerify, SignJWT } from "jose";
import { Unauthorized } from "@/lib/errors";
import { jwtKey } from "./keys";
import { activeUser, type AuthUser } from "./service";

// Bearer tokens for the JSON API: HS256 JWTs under a key derived for this purpose only.
export const API_TOKEN_TTL_SECONDS = 60 * 60;
const ISSUER = "invyta";
const API_AUDIENCE = "invyta-api";
const TICKET_AUDIENCE = "invyta-sign-in";
const TICKET_TTL_SECONDS = 60;
/**
 * A token of ours carries all of these; one without them was not shaped by us and is refused. jose
 * would accept a token without `exp` (one that never expires) unless told; `maxTokenAge` also bounds
 * a token's age by its `iat`, whatever its `exp` says.
 */
const REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"];

export async function issueApiToken(userId: string): Promise<{ access_token: string; token_type: "Bearer"; expires_in: number }> {
  const access_token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(API_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${API_TOKEN_TTL_SECONDS}s`)
    .sign(await jwtKey("api-token"));
  return { access_token, token_type: "Bearer", expires_in: API_TOKEN_TTL_SECONDS };
}

/** Authorization: Bearer … → the user, or 401 for a missing, tampered, expired or superseded token. */
export async function userFromBearer(header: string | null): Promise<AuthUser> {
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i.exec(header ?? "");
  if (!header) throw new Unauthorized("Sign in first: send Authorization: Bearer <access_token> from /api/v1/auth/login.");
  if (!match) throw new Unauthorized("The Authorization header must be: Bearer <access_token>.");
  let sub: string | undefined;
  let iat: number | undefined;
  try {
    const { payload } = await jwtVerify(match[1]!, await jwtKey("api-token"), {
      issuer: ISSUER,
      audience: API_AUDIENCE,
      algorithms: ["HS256"],
      requiredClaims: REQUIRED_CLAIMS,
      maxTokenAge: API_TOKEN_TTL_SECONDS,
    });
    sub = payload.sub;
    iat = payload.iat;
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new Unauthorized("The access token has expired. Sign in again.");
    throw new Unauthorized("The access token is not valid. Sign in again.");
  }
  const user = sub && iat !== undefined ? await activeUser(sub, iat) : null;
  if (!user) throw new Unauthorized("The access token is no longer valid. Sign in again.");
  return user;
}

/**
 * A one-minute proof, made on the server right after a code is verified, that lets Auth.js start a
 * session without the password. It never leaves the server.
 */
export async function issueSignInTicket(userId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(TICKET_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${TICKET_TTL_SECONDS}s`)
    .sign(await jwtKey("sign-in-ticket"));
}

export async function userFromSignInTicket(ticket: string): Promise<AuthUser | null> {
  try {
    const { payload } = await jwtVerify(ticket, await jwtKey("sign-in-ticket"), {
      issuer: ISSUER,
      audience: TICKET_AUDIENCE,
      algorithms: ["HS256"],
      requiredClaims: REQUIRED_CLAIMS,
      maxTokenAge: TICKET_TTL_SECONDS,
    });
    return payload.sub && payload.iat !== undefined ? await activeUser(payload.sub, payload.iat) : null;
  } catch {
    return null;
  }
}
