import { onlyMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { apiDocument, openApiSpec } from "../registry";

export const GET = route(openApiSpec, async () => apiDocument());

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
