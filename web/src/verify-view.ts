/**
 * "Verify a proof": a bundle dropped, chosen or pasted, and the verifier's expectations (the
 * flags of `zkliq verify`), checked by the SDK's own verifyBundle: no check is written here.
 */
import { type OptionNamer, type VerifyOptions, optionFormatProblem } from "../../src/proof/verify.js";
import { statementFor, verifyBundle, verifyOptionProblem } from "../../src/verify.js";
import { byId, parseJsonText, readLocalFile } from "./dom.js";
import { renderInputProblem, renderVerdict } from "./verdict.js";

/** Text options and their inputs. */
const FIELDS = {
  challenge: "opt-challenge",
  commitment: "opt-commitment",
  oracle: "opt-oracle",
  liquidator: "opt-liquidator",
  newCommitment: "opt-new-commitment",
} as const;

const LABELS: Partial<Record<keyof VerifyOptions, string>> = {
  challenge: "Challenge",
  commitment: "Position commitment",
  oracle: "Trusted oracle",
  maxAgeSeconds: "Maximum price age",
  liquidator: "Liquidator",
  newCommitment: "New position commitment",
};
/** How the SDK's messages name an option here: the field's label. */
const fieldName: OptionNamer = (o) => `the "${LABELS[o] ?? o}" field`;

const input = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);

function readOptions(): VerifyOptions {
  const opts: VerifyOptions = {};
  for (const [option, id] of Object.entries(FIELDS) as [keyof typeof FIELDS, string][]) {
    const v = input(id).value.trim();
    if (v) opts[option] = v;
  }
  const age = input("opt-max-age").value.trim();
  if (age) opts.maxAgeSeconds = Number(age) * Number(byId<HTMLSelectElement>("opt-max-age-unit").value);
  return opts;
}

let run = 0;

/** Verify what is in the text box against the options; renders the verdict (latest run wins). */
export async function verifyNow(): Promise<void> {
  const box = byId("verdict");
  const text = byId<HTMLTextAreaElement>("bundle-text").value.trim();
  const mine = ++run;
  if (!text) return renderInputProblem(box, "no proof bundle: drop a file, choose one or paste its JSON");
  const parsed = parseJsonText(text, "proof bundle");
  if (!parsed.ok) return renderInputProblem(box, parsed.reason);
  const options = readOptions();
  const problem = optionFormatProblem(options, fieldName) ?? (await verifyOptionProblem(parsed.value, options, fieldName));
  if (mine !== run) return;
  if (problem) return renderInputProblem(box, problem);
  box.classList.add("busy");
  const t0 = performance.now();
  const result = await verifyBundle(parsed.value, options);
  const ms = performance.now() - t0;
  const title = (await statementFor(parsed.value).catch(() => undefined))?.title;
  box.classList.remove("busy");
  if (mine !== run) return;
  renderVerdict(box, { result, bundle: parsed.value as Record<string, unknown>, options, title, ms }, () => void verifyNow());
}

async function loadFile(file: File | undefined): Promise<void> {
  if (!file) return;
  byId<HTMLTextAreaElement>("bundle-text").value = await readLocalFile(file);
  byId("verdict").replaceChildren(); // the last verdict is not this file's
  byId("drop-zone").dataset.file = file.name;
  await verifyNow();
}

/** Prefill the challenge (from the challenge page). */
export function setChallenge(challenge: string): void {
  input("opt-challenge").value = challenge;
}

export function initVerifyView(): void {
  const zone = byId("drop-zone");
  const file = input("bundle-file");
  file.addEventListener("change", () => void loadFile(file.files?.[0]));
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    void loadFile(e.dataTransfer?.files[0]);
  });
  byId<HTMLTextAreaElement>("bundle-text").addEventListener("input", () => void verifyNow());
  byId("verify-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void verifyNow();
  });
  for (const id of [...Object.values(FIELDS), "opt-max-age", "opt-max-age-unit"]) {
    byId(id).addEventListener("change", () => {
      if (byId<HTMLTextAreaElement>("bundle-text").value.trim()) void verifyNow();
    });
  }
}
