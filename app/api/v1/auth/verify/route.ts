import { withApi } from "@/lib/api";
import { apiVerify } from "@/lib/auth/api";
import { onlyMethods } from "@/lib/api-methods";

export const POST = withApi(async ({ req }) => apiVerify(req));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
