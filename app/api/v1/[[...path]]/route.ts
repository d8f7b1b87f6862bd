import { unknownEndpoint } from "@/lib/http/methods";

// Any path under /api/v1 (and /api/v1 itself) that no other route serves: JSON 404 for every method, not the HTML page.
export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
export const OPTIONS = unknownEndpoint;
