/** The zkliq page: three views (verify, challenge, position), switched by the URL's #fragment. */
import "./style.css";
import { initChallengeView } from "./challenge-view.js";
import { initPositionView } from "./position-view.js";
import { initVerifyView } from "./verify-view.js";

const VIEWS = ["verify", "challenge", "position"] as const;

function show(): void {
  const want = location.hash.replace(/^#/, "");
  const view = (VIEWS as readonly string[]).includes(want) ? want : "verify";
  for (const v of VIEWS) document.getElementById(`view-${v}`)!.hidden = v !== view;
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", (a as HTMLElement).dataset.view === view));
}

initVerifyView();
initChallengeView();
initPositionView();
window.addEventListener("hashchange", show);
show();
document.body.dataset.ready = "true";
