/**
 * The Responses API's hosted `web_search` tool, offered per `web_search` (`cached` by default: no live
 * access; `live`: `external_web_access: true`, also `--search`; `disabled`: not offered). The legacy
 * `[tools] web_search = true|false` counts as `live`/`disabled` when `web_search` is not set.
 * @module
 */
import type { HostConfig as Config, ToolSpec } from "../../mod.ts";

/** The effective web search mode of `config`. */
export function webSearchMode(config: Config): "disabled" | "cached" | "live" {
  if (config.web_search !== undefined) return config.web_search;
  const legacy = config.tools?.web_search;
  if (legacy === true) return "live";
  if (legacy === false) return "disabled";
  return "cached";
}

/** The tool spec to append to a request's tools, or undefined when web search is disabled. */
export function webSearchTool(config: Config): ToolSpec | undefined {
  const mode = webSearchMode(config);
  if (mode === "disabled") return undefined;
  return { type: "web_search", external_web_access: mode === "live" };
}
