import { PageObject } from "./page-object";

/** `/docs/api`: the API reference, an article per operation of GET /api/v1/openapi.json. */
export class ApiReferencePage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly operations = this.page.getByRole("article");
  readonly endpointsNav = this.page.getByRole("navigation", { name: "Endpoints" });

  goto() {
    return this.page.goto("/docs/api");
  }

  /** An operation's heading: its method and path, e.g. "POST /api/v1/events/join". */
  operation(method: string, path: string) {
    return this.page.getByRole("heading", { name: `${method} ${path}`, exact: true });
  }
}
