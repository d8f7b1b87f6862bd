import { withApi } from "@/lib/api";
import { apiForgotPassword } from "@/lib/auth/api";
import { onlyMethods } from "@/lib/api-methods";

export const POST = withApi(async ({ req }) => apiForgotPassword(req));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
