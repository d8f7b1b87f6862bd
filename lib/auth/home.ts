/** Where a signed-in user lands when no other page was asked for. */
export const SIGNED_IN_HOME = "/";
