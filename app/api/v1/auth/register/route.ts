import { withApi } from "@/lib/api";
import { apiRegister } from "@/lib/auth/api";
import { onlyMethods } from "@/lib/api-methods";

export const POST = withApi(async ({ req }) => Response.json(await apiRegister(req), { status: 201 }));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
