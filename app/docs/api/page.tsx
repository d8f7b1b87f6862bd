import type { Metadata } from "next";
import { apiDocument } from "@/app/api/v1/registry";
import { ApiReference } from "@/components/docs/api-reference";

export const metadata: Metadata = {
  title: "API reference",
  description: "Invyta's JSON API: every endpoint, who may call it, what it takes and what it answers.",
};

/** The OpenAPI document (GET /api/v1/openapi.json) as a page, rendered here from the same declarations. */
export default function ApiReferencePage() {
  return <ApiReference document={apiDocument()} />;
}
