#!/usr/bin/env bash
# Renders the bundled sample report as the PDF, DOCX and HWPX fixtures of
# tests/formats.rs (see tests/data/README.md). Needs python3, LibreOffice
# (libreoffice-writer), Chromium, fonts-noto-cjk (and fonts-nanum for the Nanum print), and python-hwpx (PyPI) for
# the HWPX: `make_fixtures.sh OUT_DIR [PYTHON_WITH_HWPX]`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sample="$here/../../examples/kostec-weekly-2023-11-03.md"
out="$1"
py="${2:-python3}"
stem=kostec-weekly-2023-11-03
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/render_sample.py" "$sample" > "$work/$stem.html"
# Chromium's print-to-PDF of the HTML rendering, with the running header and
# page numbers of its @page rules
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out/$stem.chromium.pdf" \
  "file://$work/$stem.html" >/dev/null 2>&1
# the same print in NanumGothic (fonts-nanum), embedded by Chromium as Type 3
# fonts whose space glyph maps to a control character
if fc-list | grep -q NanumGothic; then
  sed "s/'Noto Sans CJK KR'/'NanumGothic'/" "$work/$stem.html" > "$work/$stem.nanum.html"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out/$stem.chromium-nanum.pdf" \
    "file://$work/$stem.nanum.html" >/dev/null 2>&1
fi
# LibreOffice: HTML → DOCX, then DOCX → PDF (tables stay tables)
soffice --headless -env:UserInstallation="file://$work/lo" --infilter="HTML (StarWriter)" \
  --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/$stem.html" >/dev/null 2>&1
cp "$work/$stem.docx" "$out/$stem.docx"
soffice --headless -env:UserInstallation="file://$work/lo" --convert-to pdf --outdir "$work" \
  "$work/$stem.docx" >/dev/null 2>&1
cp "$work/$stem.pdf" "$out/$stem.libreoffice.pdf"
if "$py" -c "import hwpx" 2>/dev/null; then
  "$py" "$here/make_hwpx.py" "$sample" "$out/$stem.hwpx"
fi
