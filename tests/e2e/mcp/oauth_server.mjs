// An OAuth-protected streamable-HTTP MCP server for tests/e2e/mcp_oauth_test.ts, built with the MCP SDK's
// server-side auth helpers: `mcpAuthRouter` (metadata, dynamic client registration, authorize, token
// with PKCE checks, revoke) over an in-memory provider that approves every authorization at once, and
// `requireBearerAuth` in front of /mcp (tool `whoami`). Test hooks: GET /stats (counts of registrations,
// code exchanges, refreshes), POST /expire (every access token stops working). Prints `listening <port>`.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import express from "express";
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from "@modelcontextprotocol/sdk/server/auth/router.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { InvalidGrantError, InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

const stats = {
  registrations: 0,
  codeExchanges: 0,
  refreshes: 0,
  mcpRequests: 0,
};
const clients = new Map();
const codes = new Map();
const access = new Map();
const refresh = new Map();
const ttl = Number(process.env.TOKEN_TTL ?? "3600");

function issue(clientId) {
  const token = `at-${randomUUID()}`;
  const refreshToken = `rt-${randomUUID()}`;
  access.set(token, { clientId, expiresAt: Date.now() + ttl * 1000 });
  refresh.set(refreshToken, clientId);
  return {
    access_token: token,
    token_type: "Bearer",
    expires_in: ttl,
    refresh_token: refreshToken,
  };
}

const provider = {
  clientsStore: {
    getClient: (id) => clients.get(id),
    registerClient: (client) => {
      stats.registrations++;
      clients.set(client.client_id, client);
      return client;
    },
  },
  authorize(client, params, res) {
    const code = `code-${randomUUID()}`;
    codes.set(code, { clientId: client.client_id, params });
    const target = new URL(params.redirectUri);
    target.searchParams.set("code", code);
    if (params.state) target.searchParams.set("state", params.state);
    res.redirect(target.href);
    return Promise.resolve();
  },
  challengeForAuthorizationCode(_client, code) {
    const entry = codes.get(code);
    if (!entry) {
      return Promise.reject(
        new InvalidGrantError("unknown authorization code"),
      );
    }
    return Promise.resolve(entry.params.codeChallenge);
  },
  exchangeAuthorizationCode(client, code) {
    const entry = codes.get(code);
    if (!entry || entry.clientId !== client.client_id) {
      return Promise.reject(
        new InvalidGrantError("unknown authorization code"),
      );
    }
    codes.delete(code);
    stats.codeExchanges++;
    return Promise.resolve(issue(client.client_id));
  },
  exchangeRefreshToken(client, refreshToken) {
    if (refresh.get(refreshToken) !== client.client_id) {
      return Promise.reject(new InvalidGrantError("unknown refresh token"));
    }
    refresh.delete(refreshToken);
    stats.refreshes++;
    return Promise.resolve(issue(client.client_id));
  },
  verifyAccessToken(token) {
    const entry = access.get(token);
    if (!entry || entry.expiresAt <= Date.now()) {
      return Promise.reject(new InvalidTokenError("token expired or unknown"));
    }
    return Promise.resolve({
      token,
      clientId: entry.clientId,
      scopes: [],
      expiresAt: Math.floor(entry.expiresAt / 1000),
    });
  },
};

const app = express();
const http = createServer(app);
http.listen(0, "127.0.0.1", () => {
  const port = http.address().port;
  const base = new URL(`http://127.0.0.1:${port}`);
  const mcpUrl = new URL("/mcp", base);
  app.get("/stats", (_req, res) => res.json(stats));
  app.post("/expire", (_req, res) => {
    for (const entry of access.values()) entry.expiresAt = 0;
    res.json({ ok: true });
  });
  app.use(
    mcpAuthRouter({ provider, issuerUrl: base, resourceServerUrl: mcpUrl }),
  );
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
  });
  app.post("/mcp", express.json(), bearer, async (req, res) => {
    stats.mcpRequests++;
    const server = new McpServer({ name: "oauth-test", version: "1.0.0" });
    server.registerTool(
      "whoami",
      {
        description: "Says who is calling.",
        annotations: { readOnlyHint: true },
      },
      (extra) => ({
        content: [{ type: "text", text: `client ${extra.authInfo?.clientId}` }],
      }),
    );
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
    });
    res.on("close", () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.all("/mcp", bearer, (_req, res) => res.status(405).end());
  console.log(`listening ${port}`);
});
