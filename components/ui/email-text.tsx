import { Fragment } from "react";
import { cn } from "./cn";

/**
 * An email address that wraps where a reader expects, after the "@" and before each ".", and only
 * mid-word when a single piece is wider than the line.
 */
export function EmailText({ email, className }: { email: string; className?: string }) {
  const pieces = email.split(/(?=[.])|(?<=@)/);
  return (
    <span className={cn("[overflow-wrap:anywhere]", className)}>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {piece}
        </Fragment>
      ))}
    </span>
  );
}
