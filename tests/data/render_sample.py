#!/usr/bin/env python3
"""Renders the bundled sample report (Markdown) as a standalone HTML page, the
starting point of the PDF, DOCX and HWPX fixtures (see tests/data/README.md).

    render_sample.py SAMPLE.md > sample.html

Headings stay headings, nested bullets become nested lists, tab-separated and
pipe rows become table rows (cells keep their `<ul><li>` lists). Standard library only.
"""
import html
import re
import sys

LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
AUTOLINK = re.compile(r"<(https?://[^>]+)>")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITEM = re.compile(r"^( *)[-*+] (.*)$")


def inline(text):
    """Markdown inline → HTML; raw `<ul>`/`<li>`/`<sup>` in table cells kept."""
    keep = []

    def stash(m):
        keep.append(m.group(0))
        return f"\x00{len(keep) - 1}\x00"

    text = re.sub(r"</?(?:ul|li|sup|u)(?: [^>]*)?>", stash, text)
    text = AUTOLINK.sub(lambda m: stash_text(keep, m.group(1)), text)
    text = LINK.sub(lambda m: stash_text(keep, m.group(1)), text)
    text = html.escape(text, quote=False)
    text = BOLD.sub(r"<b>\1</b>", text)
    text = text.replace("\\\\", "\x01").replace("\\", "").replace("\x01", "\\")
    return re.sub("\x00(\\d+)\x00", lambda m: keep[int(m.group(1))], text)


def stash_text(keep, t):
    keep.append(html.escape(t.replace("\\_", "_").replace("\\", ""), quote=False))
    return f"\x00{len(keep) - 1}\x00"


def render(md):
    out = []
    lists = []  # open <ul> indents
    table = False

    def close_lists(depth=-1):
        while lists and lists[-1] > depth:
            lists.pop()
            out.append("</li></ul>")

    def close_table():
        nonlocal table
        if table:
            out.append("</table>")
            table = False

    for raw in md.split("\n"):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if "\t" in line or line.lstrip().startswith("|"):
            close_lists()
            cells = line.split("\t") if "\t" in line else line.strip().strip("|").split("|")
            if not table:
                out.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">")
                table = True
            out.append("<tr>" + "".join(f"<td>{inline(c.strip())}</td>" for c in cells) + "</tr>")
            continue
        close_table()
        m = re.match(r"^(#{1,6}) (.*)$", line)
        if m:
            close_lists()
            n = len(m.group(1))
            out.append(f"<h{n}>{inline(m.group(2))}</h{n}>")
            continue
        m = ITEM.match(line)
        if m:
            depth = len(m.group(1))
            if lists and lists[-1] >= depth:
                close_lists(depth)
                if lists and lists[-1] == depth:
                    out.append("</li><li>")
                else:
                    out.append("<ul><li>")
                    lists.append(depth)
            else:
                out.append("<ul><li>")
                lists.append(depth)
            out.append(inline(m.group(2)))
            continue
        close_lists()
        body = inline(line.strip())
        out.append(f"<p>{body}</p>")
    close_lists()
    close_table()
    return "\n".join(out)


def main():
    md = open(sys.argv[1], encoding="utf-8").read()
    sys.stdout.write(
        "<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">"
        "<title>중국 과학기술 정책 주간동향</title>"
        "<style>body{font-family:'Noto Sans CJK KR',sans-serif;font-size:11pt}"
        "h1{font-size:22pt}h2{font-size:17pt}h3{font-size:14pt}h4{font-size:12.5pt}"
        "@page{margin:18mm 16mm;@top-center{content:'중국 과학기술 정책 주간동향 · 2023. 11. 3';font-size:8pt}"
        "@bottom-center{content:counter(page) ' / ' counter(pages);font-size:8pt}}"
        "h5{font-size:12pt}ul{list-style-type:'○ '}ul ul{list-style-type:'- '}ul ul ul{list-style-type:'· '}table{border-collapse:collapse}td{vertical-align:top}</style>"
        "</head><body>\n" + render(md) + "\n</body></html>\n"
    )


if __name__ == "__main__":
    main()
