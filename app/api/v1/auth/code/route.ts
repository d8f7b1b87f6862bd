import { z } from "zod";
import { requestSignInCode } from "@/lib/auth/code-sign-in";
import { codeRequestSchema } from "@/lib/auth/schema";
import { onlyMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Ask for a sign-in code",
    description:
      "Emails a 6-digit code that signs in without a password (POST /api/v1/auth/code/verify). An address without an account gets one when the code is used, named `name`. The answer is the same whether or not the address has an account; within a minute of the last code no new one is sent, and that code still works.",
    auth: "anonymous",
    limit: "signInCode",
    body: codeRequestSchema,
    response: z.object({ message: z.string() }),
  },
  async ({ body }) => requestSignInCode(body),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
