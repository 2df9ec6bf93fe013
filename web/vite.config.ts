/**
 * The verification page's build: `npm run build:web` writes dist/web/, a static site with relative
 * asset paths (servable from any folder of any static host, and by `zkliq web`). The page runs the
 * SDK itself; only src/platform.ts (files, sha256, snarkjs, statement modules) is swapped for
 * web/src/platform.ts, which embeds circuits.json, the artifacts manifest and every verification
 * key at build time.
 */
import { fileURLToPath } from "node:url";
import { type Plugin, defineConfig } from "vite";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const NODE_PLATFORM = here("../src/platform.ts");
const WEB_PLATFORM = here("./src/platform.ts");

/**
 * Resolve every import of src/platform.ts (by whatever relative path) to the page's platform, and
 * fail the build on any other Node built-in: Vite would only warn and ship a module that throws.
 */
function webPlatform(): Plugin {
  return {
    name: "zkliq-web-platform",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source.startsWith("node:") && importer !== NODE_PLATFORM) {
        this.error(`${importer} imports ${source}: the page runs in a browser; reach the host through src/platform.ts`);
      }
      if (!source.endsWith("platform.js") || importer === WEB_PLATFORM) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === NODE_PLATFORM ? WEB_PLATFORM : resolved;
    },
  };
}

/**
 * The built page may not connect anywhere (connect-src 'none'): a bundle or a position file read
 * here cannot leave the browser, whatever a script tried. WebAssembly (snarkjs's curve code) needs
 * 'wasm-unsafe-eval'. Build only: the dev server's reload socket would be refused.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "zkliq-csp",
    apply: "build",
    transformIndexHtml: {
      order: "pre",
      handler: (html) => html.replace(/<meta charset="utf-8" \/>/, `$&\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
    },
  };
}

export default defineConfig({
  root: here("."),
  base: "./",
  plugins: [webPlatform(), contentSecurityPolicy()],
  build: {
    outDir: here("../dist/web"),
    emptyOutDir: true,
    target: "es2022",
    // snarkjs's browser build is one large module; it loads after the page is shown.
    chunkSizeWarningLimit: 4096,
  },
});
