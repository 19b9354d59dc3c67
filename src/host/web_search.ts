/**
 * What a provider's web search shows as its item's `query`.
 * @module
 */

/** What a web search item shows as its `query`: the search text, the page opened, or the pattern sought. */
export function webSearchDetail(action: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  switch (action.type) {
    case "search": {
      const queries = Array.isArray(action.queries)
        ? action.queries.filter((q) => typeof q === "string")
        : [];
      return str(action.query) ?? (queries.length > 1 ? `${queries[0]} ...` : queries[0] ?? "");
    }
    case "open_page":
      return str(action.url) ?? "";
    case "find_in_page": {
      const pattern = str(action.pattern);
      const url = str(action.url);
      if (pattern && url) return `'${pattern}' in ${url}`;
      return pattern ? `'${pattern}'` : url ?? "";
    }
    default:
      return "";
  }
}
