#!/usr/bin/python3
"""Checks a `lineage report` page as its reader meets it.

Usage: check_report.py REPORT.html STATS.json SCREENSHOT.png BARE.png PDF

  REPORT.html     the report of the real fixtures
  STATS.json      `lineage stats --format json` of the same inputs
  SCREENSHOT.png  headless Chromium's screenshot of the report
  BARE.png        the same page with every <svg> taken out, shot alike
  PDF             headless Chromium's print of the report

The page must be well formed and self-contained (nothing fetched: no src,
no external href, no url() or @import but the page's own patterns); its
tables must say what `lineage stats` says; the screenshot must show the
charts' colours where the bare page shows none (so the pixels are the
charts, drawn); and the print must run to several pages.
"""

import json
import re
import sys
from html.parser import HTMLParser

from PIL import Image

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok " + name)
    else:
        failed += 1
        print("FAIL %s: %s" % (name, detail))


VOID = {"meta", "br", "img", "hr", "input", "link"}  # HTML's; SVG closes its own


class Page(HTMLParser):
    """Collects tag balance, references, tables (as rows of cell text)."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.refs = [], [], []
        self.tables, self.svgs, self.titles = [], 0, []
        self.depth_svg = 0
        self.cell = None
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href", "xlink:href"):
            if key in a:
                self.refs.append(a[key])
        for v in a.values():
            for u in re.findall(r"url\(([^)]*)\)", v or ""):
                self.refs.append(u)
        if tag == "svg" and "chart" in (a.get("class") or ""):
            self.svgs += 1
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "title" and self.stack and self.stack[-1] == "svg":
            self.in_title = True  # a chart's own title, not a tooltip
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
        if tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.in_title:
            self.titles.append(data)


def table_starting(page, header):
    for t in page.tables:
        if t and t[0] and t[0][0] == header:
            return t
    return None


def check_page(html, stats):
    page = Page()
    page.feed(html)
    page.close()
    check("report: the HTML is well formed", not page.errors and not page.stack,
          "; ".join(page.errors[:5]) + " open: %s" % page.stack[-5:])
    external = [r for r in page.refs if not r.startswith("#") and
                not r.startswith("url(#") and r != "#"]
    check("report: nothing is fetched (no src, external href or url())",
          not external, str(external[:5]))
    check("report: no @import, no script",
          "@import" not in html and "<script" not in html.lower())
    check("report: seven charts, each with a title",
          page.svgs == 7 and len(page.titles) == 7,
          "%d charts, %d titles: %s" % (page.svgs, len(page.titles), page.titles[:8]))

    lic = table_starting(page, "license")
    want = stats["licenses"]
    ok = lic is not None and len(lic) > 10
    rows = lic[1:] if ok else []
    for row, w in zip(rows, want):
        if row[0].endswith("others"):
            break
        if row != [w["license"], str(w["models"]), "%.2f%%" % w["percent"],
                   "%.2f%%" % w["cumulative_percent"]]:
            ok = False
            print("# licence row %s != %s" % (row, w))
    check("report: the licence table is stats' licence table", ok)
    if ok and rows[-1][0].endswith("others"):
        shown = len(rows) - 1
        rest = sum(w["models"] for w in want[shown:])
        check("report: the last licence row sums the rest",
              rows[-1][0] == "%d others" % (len(want) - shown) and
              rows[-1][1] == str(rest) and rows[-1][3] == "100.00%",
              str(rows[-1]))

    bases = table_starting(page, "base model")
    ok = bases is not None and len(bases) > 10
    for row, w in zip(bases[1:] if ok else [], stats["bases"]):
        if row[:3] != [w["model"], str(w["children"]), str(w["descendants"])]:
            ok = False
            print("# base row %s != %s" % (row, w))
    check("report: the bases table is stats' bases table", ok)

    authors = table_starting(page, "author")
    ok = authors is not None and len(authors) > 10
    for row, w in zip(authors[1:] if ok else [], stats["authors"]):
        if row != [w["author"], str(w["models"]), str(w["licenses"]),
                   w["top_license"], str(w["unknown"])]:
            ok = False
            print("# author row %s != %s" % (row, w))
    check("report: the authors table is stats' authors table", ok)

    for t, key in (("openness", "openness"), ("family", "families")):
        tab = table_starting(page, t)
        got = [(r[0], r[1]) for r in tab[1:]] if tab else []
        exp = [(w[t], str(w["models"])) for w in stats[key]]
        check("report: the %s table is stats' %s table" % (t, key), got == exp,
              "%s != %s" % (got, exp))

    placeholder = [m for m in stats["months"] if m["month"] == "placeholder"]
    check("report: the placeholder date is counted apart and said",
          placeholder and "Not in the charts: %d models with the Hub's "
          "placeholder date" % placeholder[0]["models"] in html)
    for name in ("Licence audit", "Conflicts that reach the most downloads",
                 "Communities", "Drift matrix", "Licence use over time",
                 "Model releases per month"):
        check("report: has %s" % name, name in html)


# Colours only the charts paint (svg.c's palette, the heat map's darkest).
CHART_COLOURS = {
    "blue bars": (0x00, 0x72, 0xB2),
    "sky-blue bars": (0x56, 0xB4, 0xE9),
    "green series": (0x00, 0x9E, 0x73),
    "yellow series": (0xF0, 0xE4, 0x42),
}


def colour_counts(path):
    im = Image.open(path).convert("RGB")
    counts = {name: 0 for name in CHART_COLOURS}
    dark_cells = 0
    for n, (r, g, b) in im.getcolors(1 << 24):  # distinct colours, counted
        for name, c in CHART_COLOURS.items():
            if abs(r - c[0]) + abs(g - c[1]) + abs(b - c[2]) < 12:
                counts[name] += n
        if b > 90 and r < 40 and 30 < g < 70:  # the heat map's dark end
            dark_cells += n
    counts["heat-map cells"] = dark_cells
    return counts, im.size


def check_screenshots(shot, bare):
    got, size = colour_counts(shot)
    none, _ = colour_counts(bare)
    print("# screenshot %dx%d colours %s; without the SVGs %s" % (size + (got, none)))
    for name in got:
        check("screenshot: %s drawn" % name,
              got[name] - none[name] > 400,
              "%d pixels, %d without the charts" % (got[name], none[name]))


def check_pdf(path):
    with open(path, "rb") as f:
        data = f.read()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    check("print: the report prints to several pages", pages >= 4,
          "%d pages" % pages)


def main(argv):
    html = open(argv[1], encoding="utf-8").read()
    stats = json.load(open(argv[2]))
    check_page(html, stats)
    check_screenshots(argv[3], argv[4])
    check_pdf(argv[5])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
