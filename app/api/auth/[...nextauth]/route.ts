import { withAuthJsLimits } from "@/lib/auth/authjs-limits";
import { handlers } from "@/lib/auth/next-auth";

// Auth.js's routes, each rate limited as lib/limits.ts declares before Auth.js sees the request.
export const GET = withAuthJsLimits("GET", handlers.GET);
export const POST = withAuthJsLimits("POST", handlers.POST);
