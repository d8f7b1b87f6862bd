import { signUpSchema } from "@/lib/auth/schema";
import { registerUser } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { messageBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Sign up",
    description: "Creates the account and emails a 6-digit code to verify it. An address that already has an account gets the same answer.",
    auth: "anonymous",
    limit: "register",
    body: signUpSchema,
    response: { 201: messageBody },
  },
  async ({ body }) => registerUser(body),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
