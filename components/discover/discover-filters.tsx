import Form from "next/form";
import { Button } from "@/components/ui/button";
import { discoverHref, DISCOVER_Q_MAX, type DiscoverQuery } from "@/lib/discover/schema";

// The discover filters: a plain GET form, so the query string holds every filter (shareable links)
// and it works before (or without) JavaScript; next/form turns the submit into a client navigation
// once hydrated. Tags are checkboxes named `tag`, so several become `?tag=a&tag=b` ("any of").

const inputClass =
  "min-h-11 w-full min-w-0 rounded-control border border-surface-border bg-surface px-3 text-base text-ink placeholder:text-ink-subtle";

export function DiscoverFilters({ query, tagOptions }: { query: DiscoverQuery; tagOptions: string[] }) {
  return (
    // Remounted per query: uncontrolled fields must show the filters of the page being shown.
    <Form key={discoverHref({ ...query, cursor: undefined })} action="/discover" role="search" aria-label="Filter events" className="min-w-0">
      <div className="flex min-w-0 flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <label htmlFor="discover-q" className="text-sm font-medium text-ink">
            Search
          </label>
          <input
            id="discover-q"
            type="search"
            name="q"
            defaultValue={query.q}
            maxLength={DISCOVER_Q_MAX}
            placeholder="Title, description or place"
            className={inputClass}
          />
        </div>
        <div className="flex min-w-0 flex-col gap-1.5 sm:w-48">
          <label htmlFor="discover-sort" className="text-sm font-medium text-ink">
            Order
          </label>
          <select id="discover-sort" name="sort" defaultValue={query.sort} className={inputClass}>
            <option value="soonest">Soonest first</option>
            <option value="newest">Newest first</option>
          </select>
        </div>
        <Button type="submit">Search</Button>
      </div>

      <fieldset className="mt-4 min-w-0">
        <legend className="text-sm font-medium text-ink">Tags (events with any of them)</legend>
        <div className="mt-2 flex min-w-0 flex-wrap items-center gap-2">
          {tagOptions.map((tag) => (
            <label
              key={tag}
              className="group inline-flex min-h-11 max-w-full cursor-pointer items-center gap-1 break-all rounded-pill border border-surface-border bg-surface px-3 text-sm font-medium text-ink has-[:checked]:border-brand has-[:checked]:bg-brand has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand"
            >
              <input type="checkbox" name="tag" value={tag} defaultChecked={query.tags.includes(tag)} className="sr-only" />
              <span aria-hidden="true" className="hidden group-has-[:checked]:inline">
                ✓
              </span>
              #{tag}
            </label>
          ))}
          <div className="flex min-w-0 items-center gap-2">
            <label htmlFor="discover-tag" className="sr-only">
              Add a tag
            </label>
            <input id="discover-tag" name="tag" placeholder="Add a tag" maxLength={60} className="min-h-11 w-36 min-w-0 rounded-control border border-surface-border bg-surface px-3 text-sm text-ink placeholder:text-ink-subtle" />
          </div>
        </div>
      </fieldset>
    </Form>
  );
}
