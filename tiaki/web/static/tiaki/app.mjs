// Start GOV.UK Frontend's components. Kept in a file (not inline) so the
// Content-Security-Policy can forbid inline script.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import "./drafts.mjs";
import "./session.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// On a narrow screen every data table's rows become cards (tiaki.css, WCAG
// 1.4.10 reflow at 320 CSS px); each cell then shows its column's name from
// data-label, copied here from the table's header row. Tables htmx swaps in
// later are labelled when they arrive.
function labelTableCells(root) {
  for (const table of root.querySelectorAll("table.govuk-table")) {
    const heads = [...table.querySelectorAll("thead tr:last-child th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      let column = 0;
      for (const cell of row.children) {
        const name = heads[column];
        if (name && !cell.hasAttribute("data-label") && cell.getAttribute("scope") !== "row") {
          cell.setAttribute("data-label", name);
        }
        column += cell.colSpan || 1;
      }
    }
  }
}
labelTableCells(document);
document.body.addEventListener("htmx:afterSettle", (event) => labelTableCells(event.target));
