// The whānau map's pan and zoom (tiaki/people/web/templates/people/person_whanau.html).
// Progressive enhancement: without this script the map is drawn at full size
// and scrolls inside its own region. With it, the region keeps the page's
// width, the map opens centred on the person it is about, and it moves with
// the buttons ("Zoom in", "Zoom out", "Centre on <name>"), by dragging, and
// with the arrow keys (+ and - zoom). Only SVG attributes change (viewBox,
// width, height): the Content-Security-Policy forbids inline styles.
const MIN_ZOOM = 0.4;
const MAX_ZOOM = 3;
const STEP = 1.25;
const ARROW_PX = 60; // screen pixels per arrow-key press
const DRAG_THRESHOLD = 4; // pixels moved before a press becomes a drag (so a click still opens a record)
const MAX_HEIGHT = 560;

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "govuk-button govuk-button--secondary";
  b.dataset.module = "govuk-button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function enhance(region) {
  const svg = region.querySelector("svg.tiaki-genogram__svg");
  if (!svg) return;
  const [, , fullWidth, fullHeight] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  const focusX = Number(svg.dataset.focusX ?? fullWidth / 2);
  const focusY = Number(svg.dataset.focusY ?? fullHeight / 2);
  const state = { zoom: 1, cx: focusX, cy: focusY };

  region.classList.add("tiaki-genogram--enhanced");
  region.tabIndex = 0;
  region.setAttribute("role", "region");
  region.setAttribute(
    "aria-label",
    "Whānau map. Use the arrow keys to move around it, and the plus and minus keys to zoom.",
  );

  const size = () => ({
    width: Math.max(region.clientWidth, 1),
    height: Math.max(Math.min(fullHeight, MAX_HEIGHT, window.innerHeight * 0.75), 200),
  });

  const draw = () => {
    const { width, height } = size();
    const w = width / state.zoom;
    const h = height / state.zoom;
    // Keep some of the map in view: the centre stays within the drawing.
    state.cx = Math.min(Math.max(state.cx, 0), fullWidth);
    state.cy = Math.min(Math.max(state.cy, 0), fullHeight);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.setAttribute("viewBox", `${state.cx - w / 2} ${state.cy - h / 2} ${w} ${h}`);
  };

  const zoomBy = (factor) => {
    state.zoom = Math.min(Math.max(state.zoom * factor, MIN_ZOOM), MAX_ZOOM);
    draw();
  };
  const panBy = (dx, dy) => {
    state.cx += dx / state.zoom;
    state.cy += dy / state.zoom;
    draw();
  };
  const centre = (x, y) => {
    state.cx = x;
    state.cy = y;
    draw();
  };

  // On the person: along an axis where the whole map fits, on its middle
  // instead, so nothing is cut off that need not be (the person is in view either way).
  const home = () => {
    state.zoom = 1;
    const { width, height } = size();
    centre(width >= fullWidth ? fullWidth / 2 : focusX, height >= fullHeight ? fullHeight / 2 : focusY);
  };

  const controls = document.createElement("div");
  controls.className = "tiaki-genogram-controls";
  const name = svg.dataset.focusName || "the person this map is about";
  controls.append(
    button("Zoom in", () => zoomBy(STEP)),
    button("Zoom out", () => zoomBy(1 / STEP)),
    button(`Centre on ${name}`, home),
  );
  region.before(controls);

  region.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: [-ARROW_PX, 0], ArrowRight: [ARROW_PX, 0], ArrowUp: [0, -ARROW_PX], ArrowDown: [0, ARROW_PX] };
    if (event.key in moves) {
      panBy(...moves[event.key]);
    } else if (event.key === "+" || event.key === "=") {
      zoomBy(STEP);
    } else if (event.key === "-" || event.key === "_") {
      zoomBy(1 / STEP);
    } else {
      return;
    }
    event.preventDefault();
  });

  // Tabbing to a person off screen brings them into view.
  region.addEventListener("focusin", (event) => {
    const person = event.target.closest?.("[data-x]");
    if (!person) return;
    const x = Number(person.dataset.x);
    const y = Number(person.dataset.y);
    const { width, height } = size();
    const halfW = width / state.zoom / 2 - 90;
    const halfH = height / state.zoom / 2 - 60;
    if (Math.abs(x - state.cx) > halfW || Math.abs(y - state.cy) > halfH) centre(x, y);
  });

  let drag = null;
  let dragged = false;
  // The click that ends a drag must not open the record under the pointer.
  region.addEventListener(
    "click",
    (event) => {
      if (dragged) event.preventDefault();
      dragged = false;
    },
    { capture: true },
  );
  region.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    dragged = false;
    drag = { x: event.clientX, y: event.clientY, moved: false, id: event.pointerId };
  });
  region.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moved) {
      drag.moved = true;
      region.setPointerCapture(event.pointerId);
      region.classList.add("tiaki-genogram--dragging");
    }
    panBy(-dx, -dy);
    drag.x = event.clientX;
    drag.y = event.clientY;
  });
  const endDrag = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    if (drag.moved) {
      region.classList.remove("tiaki-genogram--dragging");
      dragged = true;
    }
    drag = null;
  };
  region.addEventListener("pointerup", endDrag);
  region.addEventListener("pointercancel", endDrag);

  window.addEventListener("resize", draw);
  home();
}

for (const region of document.querySelectorAll("[data-tiaki-genogram]")) enhance(region);
