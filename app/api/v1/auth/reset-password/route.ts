import { withApi } from "@/lib/api";
import { apiResetPassword } from "@/lib/auth/api";
import { onlyMethods } from "@/lib/api-methods";

export const POST = withApi(async ({ req }) => apiResetPassword(req));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
