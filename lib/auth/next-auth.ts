import "server-only";
import { MongoDBAdapter } from "@auth/mongodb-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Nodemailer from "next-auth/providers/nodemailer";
import { databaseName, mongoClient } from "@/lib/db/client";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import { env } from "@/lib/env";
import { Unauthorized } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { magicLink } from "@/lib/mail/templates";
import { safeCallbackPath } from "./return-to";
import { signInSchema } from "./schema";
import { activeUser, authenticate, EmailNotVerified, type AuthUser } from "./service";
import { userFromSignInTicket } from "./tokens";

/** A failed credentials sign-in with a reason the form can act on (Auth.js passes `code` through). */
export class SignInFailed extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Auth.js errors that a request causes, not the server: logged as a warning. */
const REQUEST_FAULTS = new Set(["MissingCSRF", "JWTSessionError", "InvalidCallbackUrl", "UnknownAction"]);

function asSessionUser(user: AuthUser) {
  return { id: user.id, email: user.email, name: user.username };
}

async function authorize(raw: Partial<Record<string, unknown>>) {
  if (typeof raw.ticket === "string" && raw.ticket.length > 0) {
    const user = await userFromSignInTicket(raw.ticket);
    return user ? asSessionUser(user) : null;
  }
  const input = signInSchema.safeParse(raw);
  if (!input.success) return null;
  // Rate limits are applied where requests enter (lib/limits.ts): the route for a direct POST,
  // signInAction for the form, which calls Auth.js in process.
  try {
    return asSessionUser(await authenticate(input.data));
  } catch (err) {
    if (err instanceof EmailNotVerified) throw new SignInFailed("email_unverified");
    if (err instanceof Unauthorized) return null;
    throw err;
  }
}

function config(): NextAuthConfig {
  const { APP_URL, MAIL_FROM, SMTP_URL, AUTH_SECRET } = env();
  return {
    secret: AUTH_SECRET,
    trustHost: true,
    adapter: MongoDBAdapter(() => mongoClient().connect(), { databaseName: databaseName() }),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", verifyRequest: "/login/check-email", error: "/login", newUser: "/welcome" },
    providers: [
      Credentials({ credentials: { email: {}, password: {}, ticket: {} }, authorize }),
      Nodemailer({
        // The transport is ours (lib/mail); Auth.js only insists that `server` is set.
        server: SMTP_URL ?? "smtp://localhost:25",
        from: MAIL_FROM,
        maxAge: 15 * 60,
        async sendVerificationRequest({ identifier, url }) {
          await sendMail({ to: identifier, ...(await magicLink({ url, appUrl: APP_URL })) });
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          token.uid = user.id;
          token.auth_time = Math.floor(Date.now() / 1000);
        }
        // Every request re-checks the account: a deleted user or a password change ends the session.
        const current = token.uid && token.auth_time ? await activeUser(token.uid, token.auth_time) : null;
        if (!current) return null;
        token.email = current.email;
        token.username = current.username;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.uid as string;
        session.user.email = token.email as string;
        session.user.username = (token.username as string | null | undefined) ?? null;
        return session;
      },
      // Every callbackUrl (a form's redirectTo, `?callbackUrl=` on /api/auth/*, the callback-url
      // cookie, the magic link's) passes here: only a same-origin path survives.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      // Accounts created through the magic link get the fields our own sign-up sets.
      async createUser({ user }) {
        const _id = objectIdOrNull(user.id);
        if (!_id) return;
        const users = await collections.users();
        await users.updateOne({ _id }, { $set: { created_at: new Date(), favorites: [], attended_events: [] } });
      },
    },
    logger: {
      error(error) {
        if (error instanceof CredentialsSignin) return; // a wrong password is not a server error
        // A request's own fault (no CSRF token, a forged or stale session cookie): one line, not a stack.
        const type = (error as { type?: string }).type;
        if (type && REQUEST_FAULTS.has(type)) return void console.warn(`[auth] refused a request: ${type}`);
        console.error("[auth]", error);
      },
      warn(code) {
        if (code !== "debug-enabled") console.warn("[auth]", code);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
