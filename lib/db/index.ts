// The data layer's modules, by name, for code written before lib/db/ was split; new code imports
// the module it needs (client, collections, types, indexes, errors, paging).
export * from "./client";
export * from "./collections";
export * from "./errors";
export * from "./indexes";
export * from "./types";
