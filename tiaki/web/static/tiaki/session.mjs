// The idle sign-out, said before it happens (WCAG 2.2.1 Timing Adjustable).
// <body data-session-idle-seconds> is the server's idle limit; a warning shows
// data-session-warn-seconds (default 120) before it, with "Stay signed in"
// (a POST to data-session-keep-alive). When the limit passes, the page says the
// worker was signed out and stops taking typing: what was typed is already
// kept on the server by drafts.mjs, and signing in again returns here.
const body = document.body;
const idle = Number(body.dataset.sessionIdleSeconds || 0);

function csrfToken() {
  try {
    return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function banner(id) {
  const box = document.createElement("div");
  box.id = id;
  box.className = "govuk-notification-banner tiaki-session-banner";
  box.setAttribute("role", "alert");
  box.setAttribute("aria-labelledby", `${id}-title`);
  const header = document.createElement("div");
  header.className = "govuk-notification-banner__header";
  const title = document.createElement("h2");
  title.className = "govuk-notification-banner__title";
  title.id = `${id}-title`;
  title.textContent = "Important";
  header.append(title);
  const content = document.createElement("div");
  content.className = "govuk-notification-banner__content";
  box.append(header, content);
  return { box, content };
}

if (idle > 0) {
  const warnBefore = Number(body.dataset.sessionWarnSeconds || 120);
  const main = document.getElementById("main-content") || body;
  let warnTimer = null;
  let endTimer = null;
  let warning = null;

  function signInHref() {
    const next = window.location.pathname;
    return `${body.dataset.sessionSignIn}?next=${encodeURIComponent(next)}`;
  }

  function signedOut() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warning?.remove();
    if (document.getElementById("session-ended")) return;
    const { box, content } = banner("session-ended");
    const text = document.createElement("p");
    text.className = "govuk-notification-banner__heading";
    const after = Math.max(1, Math.round(idle / 60));
    text.textContent = `You were signed out after ${after} minute${after === 1 ? "" : "s"} without activity. What you typed was kept.`;
    const link = document.createElement("a");
    link.className = "govuk-notification-banner__link";
    link.href = signInHref();
    link.textContent = "Sign in again to carry on";
    content.append(text, link);
    main.prepend(box);
    // Typing now would reach nobody: the session is gone.
    for (const field of document.querySelectorAll("form[data-draft-kind] textarea, form[data-draft-kind] input")) {
      field.readOnly = true;
    }
    link.focus();
  }

  async function stay() {
    const response = await fetch(body.dataset.sessionKeepAlive, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "X-Tiaki-Background": "1" },
      credentials: "same-origin",
    });
    if (response.ok) {
      start();
    } else {
      signedOut();
    }
  }

  function warn() {
    if (warning) return;
    const minutes = Math.max(1, Math.round(Math.min(warnBefore, idle) / 60));
    const { box, content } = banner("session-warning");
    const text = document.createElement("p");
    text.className = "govuk-notification-banner__heading";
    text.textContent = `You will be signed out in ${minutes} minute${minutes === 1 ? "" : "s"} to protect people's information.`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-!-margin-bottom-0";
    button.textContent = "Stay signed in";
    button.addEventListener("click", stay);
    content.append(text, button);
    warning = box;
    main.prepend(box);
  }

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warning?.remove();
    warning = null;
    warnTimer = setTimeout(warn, Math.max(0, idle - warnBefore) * 1000);
    endTimer = setTimeout(signedOut, idle * 1000);
  }

  document.addEventListener("tiaki:session-touched", start);
  // Any htmx answer also pushed the server's idle limit on.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail?.xhr?.status === 401) signedOut();
    else if (event.detail?.successful) start();
  });
  document.addEventListener("tiaki:signed-out", signedOut);
  start();
}
