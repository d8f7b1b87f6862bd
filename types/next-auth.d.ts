import "next-auth";
import "@auth/core/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; username: string | null; name?: string | null; image?: string | null };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    auth_time?: number;
    username?: string | null;
  }
}
