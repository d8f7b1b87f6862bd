import { z } from "zod";
import { setPasswordSchema } from "@/lib/auth/schema";
import { setPassword } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const PUT = route(
  {
    summary: "Set your password",
    description:
      "A first password for an account made by an emailed code (POST /api/v1/auth/code/verify), or a new one with `current_password`. Replacing a password ends every session and API token issued before, this one too: sign in again with the new password.",
    auth: "bearer",
    limit: "passwordChange",
    body: setPasswordSchema,
    response: z.object({ message: z.string(), signed_out_elsewhere: z.boolean() }),
    errors: [409],
  },
  async ({ user, body }) => {
    const { revoked } = await setPassword(user, body);
    return { message: revoked ? "Password changed. Sign in again with the new password." : "Password set.", signed_out_elsewhere: revoked };
  },
);

export const { GET, POST, PATCH, DELETE, OPTIONS } = onlyMethods("PUT");
