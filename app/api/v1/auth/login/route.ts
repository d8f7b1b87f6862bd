import { withApi } from "@/lib/api";
import { apiLogin } from "@/lib/auth/api";
import { onlyMethods } from "@/lib/api-methods";

export const POST = withApi(async ({ req }) => apiLogin(req));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
