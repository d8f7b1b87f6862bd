import "server-only";
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTPayload } from "jose";
import { DocCache } from "@/lib/db/doc-cache";
import { Unauthorized } from "@/lib/errors";
import { jwtKey, type KeyPurpose } from "./keys";
import { activeUser, type AuthUser } from "./service";

// Bearer tokens for the JSON API: HS256 JWTs under a key derived for this purpose only.
export const API_TOKEN_TTL_SECONDS = 60 * 60;
const ISSUER = "invyta";
/** Each kind of token we sign has its own key, audience and lifetime: one is never accepted as the other. */
type TokenKind = { key: Extract<KeyPurpose, "api-token" | "sign-in-ticket">; audience: string; ttlSeconds: number };
const API_TOKEN: TokenKind = { key: "api-token", audience: "invyta-api", ttlSeconds: API_TOKEN_TTL_SECONDS };
const SIGN_IN_TICKET: TokenKind = { key: "sign-in-ticket", audience: "invyta-sign-in", ttlSeconds: 60 };
/**
 * A token of ours carries all of these; one without them was not shaped by us and is refused. jose
 * would accept a token without `exp` (one that never expires) unless told; `maxTokenAge` also bounds
 * a token's age by its `iat`, whatever its `exp` says.
 */
const REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"];

async function signToken(kind: TokenKind, userId: string, header: JWTHeaderParameters): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader(header)
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(kind.audience)
    .setIssuedAt()
    .setExpirationTime(`${kind.ttlSeconds}s`)
    .sign(await jwtKey(kind.key));
}

/** The token's claims, or jose's error for a tampered, expired, foreign or incomplete one. */
async function verifyToken(kind: TokenKind, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, await jwtKey(kind.key), {
    issuer: ISSUER,
    audience: kind.audience,
    algorithms: ["HS256"],
    requiredClaims: REQUIRED_CLAIMS,
    maxTokenAge: kind.ttlSeconds,
  });
  return payload;
}

/**
 * API tokens whose signature and claims were verified, by their text: a client sends the same token
 * with every call, and verifying it (jose through WebCrypto) was a tenth of a GET /api/v1/auth/me.
 * Only the cryptography is skipped: a kept token is checked against the clock again on every call
 * (apiTokenClaims), and the account behind it too (activeUser). Bounded in count; a token that fails
 * verification is never kept.
 */
const verifiedApiTokens = new DocCache<JWTPayload>(Date.now, API_TOKEN_TTL_SECONDS * 1000, 10_000, async ([token]) => new Map([[token!, await verifyToken(API_TOKEN, token!)]]));

/** Within the token's lifetime at `nowSeconds`, as jose judges it (`exp` not reached, `iat` at most the lifetime ago). */
function stillCurrent({ exp, iat }: JWTPayload, nowSeconds: number): boolean {
  return exp !== undefined && iat !== undefined && nowSeconds < exp && nowSeconds - iat <= API_TOKEN.ttlSeconds;
}

/** An API token's claims, verified once per process; a kept one past its lifetime goes back to jose, which refuses it. */
async function apiTokenClaims(token: string): Promise<JWTPayload> {
  const payload = (await verifiedApiTokens.read([token])).get(token)!;
  if (stillCurrent(payload, Math.floor(Date.now() / 1000))) return payload;
  verifiedApiTokens.forget([token]);
  return verifyToken(API_TOKEN, token);
}

export async function issueApiToken(userId: string): Promise<{ access_token: string; token_type: "Bearer"; expires_in: number }> {
  const access_token = await signToken(API_TOKEN, userId, { alg: "HS256", typ: "JWT" });
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
    const payload = await apiTokenClaims(match[1]!);
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
  return signToken(SIGN_IN_TICKET, userId, { alg: "HS256" });
}

export async function userFromSignInTicket(ticket: string): Promise<AuthUser | null> {
  try {
    const payload = await verifyToken(SIGN_IN_TICKET, ticket);
    return payload.sub && payload.iat !== undefined ? await activeUser(payload.sub, payload.iat) : null;
  } catch {
    return null;
  }
}
