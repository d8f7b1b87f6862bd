import type { ReactNode } from "react";
import { cn } from "./cn";

export function Container({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("mx-auto w-full max-w-page px-4 sm:px-6", className)}>{children}</div>;
}
