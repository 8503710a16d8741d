// The triage form on the report page (tiaki/intake/web/templates/intake/report.html): the response
// timeframe applies only to a core assessment or a joint investigation, so
// it is shown only when one of those is chosen. Without this script the
// field is simply always shown (and triage_decide still checks it).
const RESPONSE_OUTCOMES = new Set(["assessment", "joint"]);

for (const form of document.querySelectorAll("form[data-tiaki-triage]")) {
  const group = form.querySelector("[data-tiaki-timeframe]");
  if (!group) continue;
  const select = group.querySelector("select");
  const sync = () => {
    const chosen = form.querySelector("input[name$='outcome']:checked");
    const needed = chosen !== null && RESPONSE_OUTCOMES.has(chosen.value);
    // Keep a value already chosen (or restored after an error) visible.
    group.hidden = !needed && !(select && select.value && chosen === null);
    // A hidden choice must not be sent: triage_decide refuses a timeframe on other decisions.
    if (select) select.disabled = group.hidden;
  };
  form.addEventListener("change", sync);
  sync();
}
