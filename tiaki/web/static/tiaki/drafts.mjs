// Drafts saved as you type (tiaki.drafts): every form with data-draft-kind
// posts its named fields (multi-box dates and checkboxes included, files
// never) to data-draft-url a second after the last change. Nothing is kept in
// the browser: the draft lives on the server, under the signed-in worker
// (docs/security.md, "Nothing typed is lost").
const DELAY_MS = 1000;

function fieldsOf(form) {
  const data = new FormData(form);
  for (const [name, value] of [...data.entries()]) {
    if (value instanceof File) data.delete(name);
  }
  data.set("_draft_kind", form.dataset.draftKind);
  data.set("_draft_record", form.dataset.draftRecord);
  data.set("_draft_part", form.dataset.draftPart || "0");
  return data;
}

function keepDrafts(form) {
  const status = form.querySelector(".tiaki-draft-status");
  let timer = null;
  let sending = false;
  let again = false;

  async function save() {
    timer = null;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    try {
      const response = await fetch(form.dataset.draftUrl, {
        method: "POST",
        body: fieldsOf(form),
        headers: { "X-Tiaki-Background": "1" },
        credentials: "same-origin",
      });
      if (response.status === 401) {
        document.dispatchEvent(new CustomEvent("tiaki:signed-out"));
      } else {
        if (status) status.textContent = (await response.text()).trim();
        if (response.ok) {
          form.dataset.draftSaved = "true";
          document.dispatchEvent(new CustomEvent("tiaki:session-touched"));
        }
      }
    } catch {
      if (status) status.textContent = "Draft not kept: no connection. Keep this page open and try again.";
    } finally {
      sending = false;
      if (again) {
        again = false;
        save();
      }
    }
  }

  function changed() {
    delete form.dataset.draftSaved;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", () => {
    if (timer !== null) clearTimeout(timer);
  });
}

for (const form of document.querySelectorAll("form[data-draft-kind]")) keepDrafts(form);
