#!/usr/bin/env bash
# The bad-input fixtures of tests/formats.rs, from the good ones (see
# tests/data/README.md). Needs qpdf, poppler-utils (pdftoppm), python3 and
# msoffcrypto-tool (PyPI): `make_bad_fixtures.sh [PYTHON_WITH_MSOFFCRYPTO]`.
set -euo pipefail
cd "$(dirname "$0")"
py="${1:-python3}"
stem=kostec-weekly-2023-11-03
mkdir -p bad
# the first two pages, protected with a user password (AES-256)
qpdf --empty --pages "$stem.libreoffice.pdf" 1-2 -- bad/two-pages.pdf
qpdf --encrypt secret secret 256 -- bad/two-pages.pdf bad/encrypted.pdf
# a "scan": page 3 as a picture, in a PDF with no text layer
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pdftoppm -f 3 -l 3 -r 40 -gray "$stem.libreoffice.pdf" "$work/scan"
python3 - "$work"/scan*.pgm bad/scanned.pdf <<'PY'
import sys, zlib
src, out = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
# binary PGM: P5 <w> <h> <max>\n<pixels>
parts = data.split(maxsplit=4)
w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
img = zlib.compress(pixels)
pw, ph = 595, 842
content = f"q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q".encode()
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw} {ph}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
    f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(img)} >>\nstream\n".encode() + img + b"\nendstream",
    f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
]
body = b"%PDF-1.4\n"
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(body))
    body += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
xref = len(body)
body += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
body += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
body += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
open(out, "wb").write(body)
PY
# a password-protected DOCX (an OLE container holding the encrypted package)
"$py" -m msoffcrypto.__main__ -e -p secret "$stem.docx" bad/encrypted.docx 2>/dev/null \
  || "$(dirname "$py")/msoffcrypto-tool" -e -p secret "$stem.docx" bad/encrypted.docx
rm bad/two-pages.pdf
