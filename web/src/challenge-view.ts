/** "Create a challenge": a fresh random field element from the SDK (newChallenge), to copy to a prover. */
import { newChallenge } from "../../src/verify.js";
import { byId, copyText } from "./dom.js";
import { setChallenge } from "./verify-view.js";

export function initChallengeView(): void {
  const value = byId<HTMLInputElement>("challenge-value");
  const command = byId<HTMLInputElement>("challenge-command");
  const status = byId("challenge-status");
  byId("challenge-new").addEventListener("click", () => {
    const c = newChallenge();
    value.value = c;
    command.value = `zkliq disclose --position position.json --price price.json --min-margin-ratio 10% --challenge ${c} --out disclosure.json`;
    status.textContent = "Keep it: you enter it when you verify their proof (it is filled in on the verify page for you).";
    setChallenge(c);
    byId("challenge-out").hidden = false;
    value.select();
  });
  for (const [button, field] of [["challenge-copy", value], ["challenge-copy-command", command]] as const) {
    byId(button).addEventListener("click", async () => {
      field.select();
      status.textContent = (await copyText(field.value)) ? "Copied." : "The browser refused the clipboard: the text is selected, press Ctrl+C.";
    });
  }
}
