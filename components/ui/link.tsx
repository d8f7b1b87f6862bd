"use client";

import NextLink from "next/link";
import { useState, type ComponentProps } from "react";

/**
 * next/link, prefetching a page when the pointer or the keyboard focus reaches its link instead of
 * whenever the link scrolls into view (Next's hover-triggered prefetch). Every page here renders
 * per request, so a viewport prefetch buys little (no loading state but the dashboard's) and costs
 * a server request per visible link: up to 18 on an event page and 30 on /discover, for each visitor.
 * `prefetch` still decides when given.
 */
export function Link({ prefetch, onMouseEnter, onFocus, ...props }: ComponentProps<typeof NextLink>) {
  const [wanted, setWanted] = useState(false);
  return (
    <NextLink
      {...props}
      prefetch={prefetch ?? (wanted ? null : false)}
      onMouseEnter={(event) => {
        setWanted(true);
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        setWanted(true);
        onFocus?.(event);
      }}
    />
  );
}
