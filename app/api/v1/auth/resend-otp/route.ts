import { withApi } from "@/lib/api";
import { apiResend } from "@/lib/auth/api";
import { onlyMethods } from "@/lib/api-methods";

export const POST = withApi(async ({ req }) => apiResend(req));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
