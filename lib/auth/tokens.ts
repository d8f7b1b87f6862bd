import "server-only";
import { errors, jwtVerify, SignJWT } from "jose";
import { Unauthorized } from "@/lib/errors";
import { derivedKey } from "./keys";
import { activeUser, type AuthUser } from "./service";

// Bearer tokens for the JSON API: HS256 JWTs under a key derived for this purpose only.
export const API_TOKEN_TTL_SECONDS = 60 * 60;
const ISSUER = "invyta";
const API_AUDIENCE = "invyta-api";
const TICKET_AUDIENCE = "invyta-sign-in";

export async function issueApiToken(userId: string): Promise<{ access_token: string; token_type: "Bearer"; expires_in: number }> {
  const access_token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(API_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${API_TOKEN_TTL_SECONDS}s`)
    .sign(derivedKey("api-token"));
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
    const { payload } = await jwtVerify(match[1]!, derivedKey("api-token"), {
      issuer: ISSUER,
      audience: API_AUDIENCE,
      algorithms: ["HS256"],
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
    .setExpirationTime("60s")
    .sign(derivedKey("sign-in-ticket"));
}

export async function userFromSignInTicket(ticket: string): Promise<AuthUser | null> {
  try {
    const { payload } = await jwtVerify(ticket, derivedKey("sign-in-ticket"), {
      issuer: ISSUER,
      audience: TICKET_AUDIENCE,
      algorithms: ["HS256"],
    });
    return payload.sub && payload.iat !== undefined ? await activeUser(payload.sub, payload.iat) : null;
  } catch {
    return null;
  }
}
