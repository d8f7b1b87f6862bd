import { withApi } from "@/lib/api";
import { apiRegister } from "@/lib/auth/api";

export const POST = withApi(async ({ req }) => Response.json(await apiRegister(req), { status: 201 }));
