import { z } from "zod";
import { signInWithCode } from "@/lib/auth/code-sign-in";
import { apiVerifySchema } from "@/lib/auth/schema";
import { issueApiToken } from "@/lib/auth/tokens";
import { onlyMethods } from "@/lib/http/methods";
import { tokenBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Sign in with a code",
    description:
      "With the 6-digit code from POST /api/v1/auth/code, as `code` (or `otp`). Answers a bearer token like POST /api/v1/auth/login; `created` says whether this made the account. A code works once, for 10 minutes and 5 tries.",
    auth: "anonymous",
    limit: "verify",
    body: apiVerifySchema,
    response: tokenBody.extend({ created: z.boolean().describe("Whether this code made the account.") }),
  },
  async ({ body }) => {
    const user = await signInWithCode(body);
    return { ...(await issueApiToken(user.id)), user_id: user.id, has_username: user.username !== null, created: user.created };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
