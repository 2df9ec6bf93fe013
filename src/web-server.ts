/**
 * The verification page's static server (`zkliq web`): the built page (dist/web, from
 * `npm run build`) on 127.0.0.1 only. The page needs nothing else: it verifies in the browser with
 * the verification keys built into it and makes no requests of its own.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";
import { badInput } from "./errors.js";
import { PACKAGE_ROOT, fileExists, joinPath } from "./platform.js";

/** Where `npm run build` writes the page. */
export const WEB_PAGE_DIR = joinPath(PACKAGE_ROOT, "dist", "web");

export interface WebServer {
  url: string;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

/** Serve `dir` (default: the built page) on 127.0.0.1:`port` (0: any free port). */
export async function startWebServer(opts: { port: number; dir?: string }): Promise<WebServer> {
  const dir = opts.dir ?? WEB_PAGE_DIR;
  if (!fileExists(joinPath(dir, "index.html"))) throw badInput(`the web page is not built (no ${joinPath(dir, "index.html")}): run "npm run build"`);
  const serve = sirv(dir, { etag: true, dotfiles: false });
  const server = createServer((req, res) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    serve(req, res, () => {
      res.statusCode = 404;
      res.end("not found\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? badInput(`port ${opts.port} on 127.0.0.1 is in use: pass another --port (0 picks a free one)`) : e),
    );
    server.listen(opts.port, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
