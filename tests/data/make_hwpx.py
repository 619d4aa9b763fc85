#!/usr/bin/env python3
"""Writes the bundled sample report (Markdown) as an HWPX document with the
python-hwpx library (PyPI `python-hwpx`), the way a Hangul user lays such a
report out: Markdown headings become outline headings (개요 1 …), bullets
paragraphs led by the glyph of their rank (○, -, ·), tab-separated and pipe
rows tables whose cells hold one paragraph per list item.

    make_hwpx.py SAMPLE.md OUT.hwpx
"""
import re
import sys

from hwpx import HwpxDocument

LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
AUTOLINK = re.compile(r"<(https?://[^>]+)>")
GLYPHS = ["○ ", "- ", "· ", "· "]


def inline(text):
    text = AUTOLINK.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"</?(?:sup|u)>", "", text)
    return text.replace("\\_", "_").replace("\\", "").strip()


def cell_items(cell):
    items = re.findall(r"<li>(.*?)</li>", cell)
    if items:
        return [inline(i) for i in items]
    return [inline(cell)] if cell.strip() else []


def main():
    md = open(sys.argv[1], encoding="utf-8").read().split("\n")
    doc = HwpxDocument.new()
    i = 0
    while i < len(md):
        line = md[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if "\t" in line or line.lstrip().startswith("|"):
            rows = []
            while i < len(md) and ("\t" in md[i] or md[i].lstrip().startswith("|")):
                r = md[i]
                cells = r.split("\t") if "\t" in r else r.strip().strip("|").split("|")
                rows.append([cell_items(c) for c in cells])
                i += 1
            cols = max(len(r) for r in rows)
            table = doc.add_table(len(rows), cols)
            for ri, row in enumerate(rows):
                for ci, items in enumerate(row):
                    if items:
                        table.set_cell_text(ri, ci, "\n".join(items), split_paragraphs=True)
            continue
        m = re.match(r"^(#{1,6}) (.*)$", line)
        if m:
            doc.add_heading(inline(m.group(2)), level=len(m.group(1)))
        else:
            m = re.match(r"^( *)[-*+] (.*)$", line)
            if m:
                depth = min(len(m.group(1)) // 2, 3)
                doc.add_paragraph(GLYPHS[depth] + inline(m.group(2)), style="바탕글", inherit_style=False)
            else:
                doc.add_paragraph(inline(line), style="바탕글", inherit_style=False)
        i += 1
    doc.save_to_path(sys.argv[2])


if __name__ == "__main__":
    main()
