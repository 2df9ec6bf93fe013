// zkliq web: the static server's edges (the page itself is tested in a browser, test/web/).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWebServer } from "../../src/web-server.js";
import { assertBuilt, reasonOf, runCli, show } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "zkliq-web-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("zkliq web", () => {
  it("refuses a port that is not one, and a port in use, with one line and exit 2", async () => {
    assertBuilt();
    const bad = await runCli(["web", "--port", "http"], { cwd: dir });
    expect(bad.code, show(bad)).toBe(2);
    expect(reasonOf(bad.stderr)).toMatch(/--port "http" must be a port number from 0 to 65535/);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await runCli(["web", "--port", String(port)], { cwd: dir });
      expect(r.code, show(r)).toBe(2);
      expect(reasonOf(r.stderr)).toBe(`zkliq: port ${port} on 127.0.0.1 is in use: pass another --port (0 picks a free one)`);
    } finally {
      taken.close();
    }
  });

  it("says to build the page when it is missing", async () => {
    await expect(startWebServer({ port: 0, dir: join(dir, "nothing") })).rejects.toThrow(/the web page is not built .*: run "npm run build"/);
  });

  it("serves the folder's files on 127.0.0.1 only, 404 for anything else (nothing outside it)", async () => {
    const site = join(dir, "site");
    mkdirSync(site);
    writeFileSync(join(site, "index.html"), "<p>page</p>");
    writeFileSync(join(dir, "secret.txt"), "not served");
    const server = await startWebServer({ port: 0, dir: site });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const home = await fetch(server.url);
      expect(home.status).toBe(200);
      expect(home.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await home.text()).toBe("<p>page</p>");
      for (const path of ["missing.js", "../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt"]) {
        const r = await fetch(server.url + path);
        expect(r.status, path).toBe(404);
        expect(await r.text()).not.toContain("not served");
      }
    } finally {
      await server.close();
    }
  });
});
