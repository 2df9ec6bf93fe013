/** Small DOM helpers: the page is plain TypeScript, no framework. */

type Child = Node | string | null | undefined | false;

/** An element with attributes (`class`, `data-*`, ...) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** The element with this id (the page's markup has it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page markup has no #${id}`);
  return el as T;
}

/** A two-column table of label / value rows (rows with an empty value are left out). */
export function factTable(rows: [string, Child][], attrs: Record<string, string> = {}): HTMLTableElement {
  return h(
    "table",
    { class: "facts", ...attrs },
    ...rows.filter(([, v]) => v !== "" && v !== undefined && v !== null).map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v))),
  );
}

/** A file's text, read locally (FileReader: nothing leaves the browser). */
export const readLocalFile = (file: File): Promise<string> => file.text();

/** Parse JSON a person gave us: the value, or a one-line reason. */
export function parseJsonText(text: string, what: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: `the ${what} is not JSON (${(e as Error).message.split("\n")[0]})` };
  }
}

/** Copy text to the clipboard; false when the browser refuses (the text stays selectable). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** "2h 05m 09s" for a number of seconds >= 0. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const pad = (n: number): string => String(n).padStart(2, "0");
  if (d > 0) return `${d}d ${pad(hh)}h ${pad(mm)}m`;
  if (hh > 0) return `${hh}h ${pad(mm)}m ${pad(ss)}s`;
  return mm > 0 ? `${mm}m ${pad(ss)}s` : `${ss}s`;
}

export const isoTime = (unix: number): string => new Date(unix * 1000).toISOString().replace(".000Z", "Z");
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
