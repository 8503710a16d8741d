#!/usr/bin/env bash
# Re-vendor the front-end packages from the npm registry (needs node and npm).
# Output is committed, so `make demo` and `make test` never need node.
#   GOV.UK Frontend: compiled from its Sass with system fonts, so neither the
#     reserved GDS Transport font nor the crown/crest images are shipped.
#   htmx: the minified build.  axe-core: for the browser tests only.
set -euo pipefail
GOVUK=6.6.0 HTMX=2.0.11 AXE=4.14.1 SASS=1.108.2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "govuk-frontend@$GOVUK" "htmx.org@$HTMX" "axe-core@$AXE" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
npm install --no-save --silent "sass@$SASS" >/dev/null
out="$root/tiaki/web/static/vendor"
rm -rf "$out"; mkdir -p "$out/govuk-frontend" "$out/htmx"
cat > entry.scss <<SCSS
@use "govuk-frontend-$GOVUK/package/dist/govuk" as * with (
  \$govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", arial, sans-serif),
  \$govuk-include-default-font-face: false,
  \$govuk-assets-path: "/static/vendor/govuk-frontend/assets/"
);
SCSS
npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import entry.scss "$out/govuk-frontend/govuk-frontend.min.css"
cp "govuk-frontend-$GOVUK/package/dist/govuk/govuk-frontend.min.js" "$out/govuk-frontend/"
cp "govuk-frontend-$GOVUK/package/README.md" "$out/govuk-frontend/README.md"  # MIT; licence text is in the README
cp "htmx.org-$HTMX/package/dist/htmx.min.js" "$out/htmx/"
cp "htmx.org-$HTMX/package/LICENSE" "$out/htmx/LICENSE"
mkdir -p "$root/tests/browser"
cp "axe-core-$AXE/package/axe.min.js" "$root/tests/browser/axe.min.js"
printf 'govuk-frontend %s\nhtmx.org %s\naxe-core %s\n' "$GOVUK" "$HTMX" "$AXE" > "$out/VERSIONS"
echo "vendored into $out"
