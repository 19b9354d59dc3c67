/**
 * OAuth for streamable HTTP MCP servers, shared by `codex mcp login|logout` and the mcp plugin: the
 * credential store (`$CODEX_HOME/.mcp_credentials.json`, mode 0600), the SDK client provider over it,
 * and the login flow. The SDK is loaded only when a flow runs.
 * @module
 */
export { codeFromInput, login, type LoginOptions, logout } from "./login.ts";
export { LoginRequiredError, StoredOAuthProvider, type StoredOAuthProviderOptions } from "./provider.ts";
export { codexHomeFromEnv, credentialsFile, CredentialStore, type StoredCredentials } from "./store.ts";
