// Serves @modelcontextprotocol/server-everything over streamable HTTP on 127.0.0.1 only (its own
// `streamableHttp` mode listens on every interface), answering 401 unless the request carries
// `Authorization: Bearer $MCP_TEST_TOKEN`, `X-Static: static` and `X-From-Env: from-env`. Prints `listening <port>` once ready.
import { createServer as createHttpServer } from "node:http";
import { randomUUID } from "node:crypto";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createServer } from "@modelcontextprotocol/server-everything/dist/server/index.js";

const token = process.env.MCP_TEST_TOKEN ?? "";
const transports = new Map();

const http = createHttpServer(async (req, res) => {
  const ok = req.headers.authorization === `Bearer ${token}` && req.headers["x-static"] === "static" &&
    req.headers["x-from-env"] === "from-env";
  if (!ok) {
    res.writeHead(401, { "content-type": "text/plain" }).end("unauthorized");
    return;
  }
  const sessionId = req.headers["mcp-session-id"];
  let transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport) {
    if (sessionId || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const { server } = createServer();
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => transports.set(id, transport),
    });
    await server.connect(transport);
  }
  await transport.handleRequest(req, res);
});
http.listen(0, "127.0.0.1", () => console.log(`listening ${http.address().port}`));
