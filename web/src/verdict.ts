/**
 * The verification result on the page: valid or invalid with the reason, what the proof shows in
 * words (the SDK's own description), the facts a verifier looks at (market, oracle, price and its
 * time, challenge, expiry with a countdown), warnings and the public signals.
 */
import type { PriceJson } from "../../src/price/attestation.js";
import type { VerificationResult, VerifyOptions } from "../../src/proof/verify.js";
import { duration, factTable, h, isoTime, nowSeconds } from "./dom.js";

export interface Verdict {
  result: VerificationResult;
  /** The parsed bundle (facts are read from it only after the result says which parts were checked). */
  bundle: Record<string, unknown>;
  options: VerifyOptions;
  /** The statement's name ("liquidation", "disclosure"...), when known. */
  title?: string;
  /** Milliseconds the SDK's verifyBundle took in this browser. */
  ms: number;
}

let ticker: ReturnType<typeof setInterval> | undefined;

/** Show a problem with what the person typed (the CLI's exit 2), not a verdict on the proof. */
export function renderInputProblem(box: HTMLElement, message: string): void {
  stopTicker();
  box.replaceChildren(h("div", { class: "badge input", "data-verdict": "input" }, "Check your input"), h("p", { class: "reason" }, message));
}

/** Render a verdict; `onExpiry` runs once when a valid proof's expiry passes while it is shown. */
export function renderVerdict(box: HTMLElement, v: Verdict, onExpiry: () => void): void {
  stopTicker();
  const r = v.result;
  const parts = [
    h("div", { class: `badge ${r.valid ? "valid" : "invalid"}`, "data-verdict": r.valid ? "valid" : "invalid" }, r.valid ? "✓ Valid" : "✗ Invalid"),
    h("p", { class: "reason", id: "verdict-reason" }, r.reason),
    h("p", { class: "muted", id: "verify-time", "data-ms": v.ms.toFixed(1) }, `checked in ${Math.round(v.ms)} ms by the zkliq SDK in this browser`),
    proven(r),
    r.warnings.length ? h("ul", { class: "warnings" }, ...r.warnings.map((w) => h("li", {}, `warning: ${w}`))) : null,
    r.statement ? h("h3", {}, r.valid ? "What was checked" : "What the bundle states (not verified)") : null,
    r.statement ? facts(v) : null,
    r.public ? h("h3", {}, "Public signals") : null,
    r.public ? factTable(Object.entries(r.public), { id: "public-signals", class: "facts mono" }) : null,
  ];
  box.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  const expiresAt = r.expiresAt;
  if (expiresAt !== undefined) {
    let fired = false;
    ticker = setInterval(() => {
      updateCountdowns(box);
      if (r.valid && !fired && nowSeconds() > expiresAt) {
        fired = true;
        onExpiry();
      }
    }, 1000);
  }
}

function stopTicker(): void {
  if (ticker !== undefined) clearInterval(ticker);
  ticker = undefined;
}

/** The claims proven (a disclosure) or the statement's further lines. */
function proven(r: VerificationResult): HTMLElement | null {
  if (!r.valid) return null;
  if (r.claims?.length) {
    return h("div", {}, h("h3", {}, "Claims proven"), h("ul", { class: "claims", id: "claims" }, ...r.claims.map((c) => h("li", { "data-claim": c.claim }, c.text))));
  }
  return r.details?.length ? h("ul", { class: "details" }, ...r.details.map((d) => h("li", {}, d))) : null;
}

/** "matches yours" / "not checked" beside a value an option can pin. */
const checkNote = (given: unknown, valid: boolean): string =>
  given === undefined ? " (not checked: enter it above to require it)" : valid ? " (as you required)" : "";

function facts(v: Verdict): HTMLElement {
  const { result: r, bundle, options: o } = v;
  const pub = r.public ?? {};
  const price = bundle.price as Partial<PriceJson> | undefined;
  const quote = typeof bundle.market === "string" ? (bundle.market.split("-")[1] ?? "") : "";
  const priceText =
    price && typeof price.timestamp === "number"
      ? `${price.markPrice} ${quote} at ${isoTime(price.timestamp)} (${duration(nowSeconds() - price.timestamp)} before now)`
      : "";
  return factTable(
    [
      ["Statement", v.title ?? r.statement ?? ""],
      ["Market", typeof bundle.market === "string" ? bundle.market : ""],
      ["Oracle (signer)", r.oracle ? r.oracle + checkNote(o.oracle, r.valid) : ""],
      ["Price", priceText],
      ["Funding index", price?.fundingIndex ?? ""],
      ["Position", pub.positionCommitment ? pub.positionCommitment + checkNote(o.commitment, r.valid) : ""],
      ["New position", pub.newPositionCommitment ?? ""],
      ["Liquidator", pub.liquidator ? pub.liquidator + checkNote(o.liquidator, r.valid) : ""],
      ["Challenge", pub.challenge ? pub.challenge + checkNote(o.challenge, r.valid) : ""],
      ["Expires", r.expiresAt !== undefined ? countdown(r.expiresAt) : ""],
    ],
    { id: "verdict-facts" },
  );
}

function countdown(expiresAt: number): HTMLElement {
  const el = h("span", { class: "countdown", "data-expires-at": String(expiresAt) });
  setCountdown(el, expiresAt);
  return el;
}

function setCountdown(el: Element, expiresAt: number): void {
  const left = expiresAt - nowSeconds();
  el.textContent = `${isoTime(expiresAt)}: ${left >= 0 ? `in ${duration(left)}` : `expired ${duration(-left)} ago`}`;
  el.classList.toggle("expired", left < 0);
}

function updateCountdowns(box: HTMLElement): void {
  box.querySelectorAll(".countdown").forEach((el) => setCountdown(el, Number((el as HTMLElement).dataset.expiresAt)));
}
