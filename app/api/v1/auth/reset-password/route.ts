import { resetPasswordSchema } from "@/lib/auth/schema";
import { resetPassword } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { messageBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Set a new password",
    description: "With the code from the reset email. Tokens issued before the change stop working.",
    auth: "anonymous",
    limit: "reset",
    body: resetPasswordSchema,
    response: messageBody,
  },
  async ({ body }) => {
    await resetPassword(body);
    return { message: "Password changed. Sign in with your new password." };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
