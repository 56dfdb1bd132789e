#!/usr/bin/env python3
"""Writes the hand-built workbooks and zips read by tests/unit/xlsx_reader_test.cpp.

    python3 tests/support/make_xlsx_fixtures.py

Output goes to tests/data/xlsx/ (broken files to tests/data/xlsx/broken/). Standard
library only; the files are rebuilt byte for byte (fixed timestamps), so rerunning
the script leaves a clean tree. The values imitate the published BLS workbooks
(Employment Projections 2024-34 "occupation.xlsx", OEWS May 2024 national) but are
test data, not the official figures.
"""

import pathlib
import struct
import zipfile
from xml.sax.saxutils import escape, quoteattr

OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "xlsx"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_CHARTSHEET = NS_REL + "/chartsheet"
REL_SHARED = NS_REL + "/sharedStrings"
REL_STYLES = NS_REL + "/styles"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# ---- Cell values (anything else: str -> shared string, int/float -> number).


class Num:  # a number stored exactly as written, e.g. with float noise
    def __init__(self, text):
        self.text = text


class Rich:  # a shared string of rich-text runs: [(text, bold), ...]
    def __init__(self, *runs):
        self.runs = runs


class SharedXml:  # a shared string item given as the raw inner XML of <si>
    def __init__(self, xml):
        self.xml = xml


class Inline:  # t="inlineStr"
    def __init__(self, text):
        self.text = text


class InlineXml:  # t="inlineStr" with the raw inner XML of <is>
    def __init__(self, xml):
        self.xml = xml


class Bool:
    def __init__(self, value):
        self.value = value


class Error:  # t="e"
    def __init__(self, text):
        self.text = text


class Formula:  # t="str": a formula and its cached text result
    def __init__(self, formula, result):
        self.formula, self.result = formula, result


class Date:  # t="d": an ISO 8601 date
    def __init__(self, text):
        self.text = text


class Styled:  # a formatted cell without a value
    pass


def t_xml(text, p=""):
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<{p}t{space}>{escape(text)}</{p}t>"


def column_name(index):  # 0 -> "A"
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def grid(first_row, rows):
    """Rows of values (None: no cell) from `first_row` on -> [(row, [(ref, value)])]."""
    result = []
    for offset, values in enumerate(rows):
        number = first_row + offset
        cells = [(f"{column_name(i)}{number}", v) for i, v in enumerate(values) if v is not None]
        if cells:
            result.append((number, cells))
    return result


class Book:
    """A workbook under construction: sheets, shared strings and extra parts."""

    def __init__(self):
        self.strings, self.index = [], {}
        self.sheets = []  # (name, rel_id, rel_type, target, part, xml)
        self.shared_part = "xl/sharedStrings.xml"
        self.shared_target = "sharedStrings.xml"
        self.workbook_ns_prefix = "r"

    def shared(self, si_inner):
        if si_inner not in self.index:
            self.index[si_inner] = len(self.strings)
            self.strings.append(si_inner)
        return self.index[si_inner]

    def cell_xml(self, ref, value, p=""):
        r = f' r="{ref}"' if ref else ""

        def cell(t, inner):
            kind = f' t="{t}"' if t else ""
            return f"<{p}c{r}{kind}>{inner}</{p}c>"

        def v(text):
            return f"<{p}v>{escape(text)}</{p}v>"

        if isinstance(value, str):
            return cell("s", v(str(self.shared(t_xml(value)))))
        if isinstance(value, Rich):
            runs = "".join(
                f"<r>{'<rPr><b/></rPr>' if bold else ''}{t_xml(text)}</r>" for text, bold in value.runs
            )
            return cell("s", v(str(self.shared(runs))))
        if isinstance(value, SharedXml):
            return cell("s", v(str(self.shared(value.xml))))
        if isinstance(value, Inline):
            return cell("inlineStr", f"<{p}is>{t_xml(value.text, p)}</{p}is>")
        if isinstance(value, InlineXml):
            return cell("inlineStr", f"<{p}is>{value.xml}</{p}is>")
        if isinstance(value, Bool):
            return cell("b", v("1" if value.value else "0"))
        if isinstance(value, Error):
            return cell("e", v(value.text))
        if isinstance(value, Formula):
            return cell("str", f"<{p}f>{escape(value.formula)}</{p}f>" + v(value.result))
        if isinstance(value, Date):
            return cell("d", v(value.text))
        if isinstance(value, Styled):
            return f'<{p}c{r} s="1"/>'
        if isinstance(value, Num):
            return cell(None, v(value.text))
        if isinstance(value, (int, float)):
            return cell(None, v(str(value) if isinstance(value, int) else repr(value)))
        raise TypeError(value)

    def sheet_xml(self, rows, p=""):
        """rows: [(row number or None, [(ref or None, value)])]."""
        out = [DECL, f'<{p}worksheet xmlns{":" + p[:-1] if p else ""}="{NS_MAIN}"><{p}sheetData>']
        for number, cells in rows:
            r = f' r="{number}"' if number is not None else ""
            out.append(f"<{p}row{r}>" + "".join(self.cell_xml(ref, v, p) for ref, v in cells))
            out.append(f"</{p}row>")
        out.append(f"</{p}sheetData></{p}worksheet>")
        return "".join(out)

    def add(self, name, rows, *, prefix="", rel_id=None, target=None, part=None, xml=None):
        number = len(self.sheets) + 1
        part = part or f"xl/worksheets/sheet{number}.xml"
        target = target or part[len("xl/") :]
        xml = xml if xml is not None else self.sheet_xml(rows, prefix)
        self.sheets.append((name, rel_id or f"rId{number}", REL_WORKSHEET, target, part, xml))

    def add_chart(self, name):
        number = len(self.sheets) + 1
        part = "xl/chartsheets/sheet1.xml"
        xml = DECL + f'<chartsheet xmlns="{NS_MAIN}"><sheetViews><sheetView workbookViewId="0"/>'
        xml += "</sheetViews></chartsheet>"
        self.sheets.append((name, f"rId{number}", REL_CHARTSHEET, "chartsheets/sheet1.xml", part, xml))

    def workbook_xml(self):
        rp = self.workbook_ns_prefix
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i + 1}" {rp}:id="{rel_id}"/>'
            for i, (name, rel_id, *_rest) in enumerate(self.sheets)
        )
        return (
            DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:{rp}="{NS_REL}">'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets></workbook>'
        )

    def rels_xml(self):
        rels = [(rel_id, rel_type, target) for _n, rel_id, rel_type, target, *_r in self.sheets]
        rels.append((f"rId{len(self.sheets) + 1}", REL_STYLES, "styles.xml"))
        if self.strings:
            rels.append((f"rId{len(self.sheets) + 2}", REL_SHARED, self.shared_target))
        body = "".join(
            f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels
        )
        return DECL + f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>'

    def shared_xml(self):
        items = "".join(f"<si>{inner}</si>" for inner in self.strings)
        count = f'count="{len(self.strings)}" uniqueCount="{len(self.strings)}"'
        return DECL + f'<sst xmlns="{NS_MAIN}" {count}>{items}</sst>'

    def entries(self, workbook_xml=None):
        overrides = [("/xl/workbook.xml", CT_SHEET + ".sheet.main+xml")]
        overrides += [("/" + s[4], CT_SHEET + ".worksheet+xml") for s in self.sheets]
        overrides.append(("/xl/styles.xml", CT_SHEET + ".styles+xml"))
        if self.strings:
            overrides.append(("/" + self.shared_part, CT_SHEET + ".sharedStrings+xml"))
        types = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
        entries = [
            ("[Content_Types].xml", content_types(types)),
            ("_rels/.rels", root_rels("xl/workbook.xml")),
            ("xl/workbook.xml", workbook_xml or self.workbook_xml()),
            ("xl/_rels/workbook.xml.rels", self.rels_xml()),
            ("xl/styles.xml", STYLES),
        ]
        entries += [(part, xml) for _n, _i, _t, _target, part, xml in self.sheets]
        if self.strings:
            entries.append((self.shared_part, self.shared_xml()))
        return entries


def content_types(overrides):
    return (
        DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


def root_rels(main_part):
    return (
        DECL + f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{NS_REL}/officeDocument" Target="{main_part}"/></Relationships>'
    )


STYLES = (
    DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def write_zip(path, entries, compression=zipfile.ZIP_DEFLATED):
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return path.read_bytes()


# ---- BLS Employment Projections, occupation.xlsx.

EP_HEADER = [
    "2024 National Employment Matrix title",
    "2024 National Employment Matrix code",
    "Occupation type",
    "Employment, 2024",
    "Employment, 2034",
    "Employment change, numeric, 2024–34",
    "Employment change, percent, 2024–34",
    "Percent self employed, 2024",
    "Occupational openings, 2024–34 annual average",
    "Median annual wage, dollars, 2024[1]",
    "Typical education needed for entry",
    "Work experience in a related occupation",
    "Typical on-the-job training needed to attain competency in the occupation",
]

BACHELOR, HIGH_SCHOOL, NONE = "Bachelor's degree", "High school diploma or equivalent", "None"
EP_ROWS = [
    ["Total, all occupations", "00-0000", "Summary", 170105.3, 175313.9, 5208.6, 3.1, 6.1,
     18744.6, 49500, "—", "—", "—"],
    ["Registered nurses", "29-1141", "Line item", 3505.3, Num("3712.8999999999996"), 207.6, 5.9,
     0.6, 189.1, 93600, BACHELOR, NONE, NONE],
    ["Plumbers, pipefitters, and steamfitters", "47-2152", "Line item", 504.5, 525.7, 21.2, 4.2,
     10.3, 44, 62970, HIGH_SCHOOL, NONE, "Apprenticeship"],
    ["Software developers", "15-1252", "Line item", 1693.8, 1961.6, 267.8, 15.8, 1.2, 115.2,
     133080, BACHELOR, NONE, NONE],
    ["Actors", "27-2011", "Line item", 72.4, 76.1, 3.7, 5.1, 24.3, 7.6, "—",
     "Some college, no degree", NONE, "Long-term on-the-job training"],
    ["Chief executives", "11-1011", "Line item", 211.2, 206, -5.2, -2.5, 21.7, 14.9, ">=$239,200",
     BACHELOR, "5 years or more", NONE],
]

EP_FOOTNOTES = [
    "Footnotes:",
    "[1] Data are from the Occupational Employment and Wage Statistics program, U.S. Bureau of "
    "Labor Statistics. Wage data cover non-farm wage and salary workers and do not cover the "
    "self-employed, owners and partners in unincorporated firms, or household workers.",
    "Note: Detail may not sum to totals due to rounding.",
    "Source: Employment Projections program, U.S. Bureau of Labor Statistics.",
]


def ep_occupation():
    book = Book()
    thousands = "(Numbers in thousands)"
    book.add(
        "Table 1.1",
        grid(1, [
            ["Table 1.1 Employment by major occupational group, 2024 and projected 2034"],
            [thousands],
            ["2024 National Employment Matrix title", "2024 National Employment Matrix code",
             "Employment, 2024", "Employment, 2034", "Employment change, numeric, 2024–34",
             "Employment change, percent, 2024–34"],
            ["Total, all occupations", "00-0000", 170105.3, 175313.9, 5208.6, 3.1],
            ["Management occupations", "11-0000", 12212.6, 12862.4, 649.8, 5.3],
            ["Computer and mathematical occupations", "15-0000", 5389.1, 6069.7, 680.6, 12.6],
        ]),
        rel_id="rId3",
    )
    title = Rich(
        ("Table 1.2", True),
        (" Occupational projections, 2024–34, and worker characteristics, 2024", False),
    )
    rows = [[title], [thousands], EP_HEADER] + EP_ROWS + [[]] + [[line] for line in EP_FOOTNOTES]
    # Table 1.2 lives in sheet7.xml behind rId1, and its target is absolute.
    book.add("Table 1.2", grid(1, rows), rel_id="rId1", part="xl/worksheets/sheet7.xml",
             target="/xl/worksheets/sheet7.xml")
    book.add(
        "Table 1.3",
        grid(1, [
            ["Table 1.3 Fastest growing occupations, 2024 and projected 2034"],
            [thousands],
            ["2024 National Employment Matrix title", "2024 National Employment Matrix code",
             "Employment change, percent, 2024–34"],
            ["Wind turbine service technicians", "49-9081", 49.9],
            ["Solar photovoltaic installers", "47-2231", 42.1],
        ]),
        rel_id="rId2",
    )
    return book


# ---- BLS OEWS, national_M2024_dl.xlsx.

OEWS_HEADER = (
    "AREA AREA_TITLE AREA_TYPE PRIM_STATE NAICS NAICS_TITLE I_GROUP OWN_CODE OCC_CODE OCC_TITLE "
    "O_GROUP TOT_EMP EMP_PRSE JOBS_1000 LOC_QUOTIENT PCT_TOTAL PCT_RPT H_MEAN A_MEAN MEAN_PRSE "
    "H_PCT10 H_PCT25 H_MEDIAN H_PCT75 H_PCT90 A_PCT10 A_PCT25 A_MEDIAN A_PCT75 A_PCT90 ANNUAL "
    "HOURLY"
).split()


def oews_row(code, title, group, tot_emp, emp_prse, h_mean, a_mean, mean_prse, hourly, annual,
             flags=(None, None)):
    us = [99, "U.S.", 1, "US", "000000", "Cross-industry", "cross-industry", 1235]
    blanks = [None, None, None, None]  # JOBS_1000 LOC_QUOTIENT PCT_TOTAL PCT_RPT
    return (us + [code, Inline(title), Inline(group), tot_emp, emp_prse] + blanks +
            [h_mean, a_mean, mean_prse] + list(hourly) + list(annual) + list(flags))


def oews_national():
    book = Book()
    star, hash_ = Inline("*"), Inline("#")
    rows = [
        OEWS_HEADER,
        oews_row("00-0000", "All Occupations", "total", 154186500, 0.1, 32.66, 67920, 0.1,
                 (14.83, 18.39, 23.8, 37.8, 57.21), (30850, 38250, 49500, 78620, 119000)),
        oews_row("29-1141", "Registered Nurses", "detailed", 3282010, 0.4, 46.97, 98430, 0.2,
                 (31.21, 37.08, 45, 53.77, 66.34), (64920, 77120, 93600, 111840, 137990)),
        oews_row("47-2152", "Plumbers, Pipefitters, and Steamfitters", "detailed", 479140, 0.8,
                 32.71, 68040, 0.4, (18.38, 23.07, 30.27, 40.05, 50.13),
                 (38230, 47990, 62970, 83300, 104270)),
        oews_row("15-1252", "Software Developers", "detailed", 1654440, 0.7, 70.12, 145850, 0.3,
                 (37.89, 49.14, 63.98, 81.49, 101.88), (78800, 102210, 133080, 169500, 211910)),
        oews_row("27-2011", "Actors", "detailed", 48410, 4.9, 33.68, star, 6.1,
                 (13.96, 17.07, 23.33, 38.02, 68.05), (star,) * 5, (None, Bool(True))),
        oews_row("11-1011", "Chief Executives", "detailed", 211230, 0.9, 126.32, 262930, 0.5,
                 (39.78, 67.32, hash_, hash_, hash_), (82740, 140020, hash_, hash_, hash_)),
    ]
    book.add("national_M2024_dl", grid(1, rows))
    return book


# ---- Edge cases: every cell kind, gaps, prefixes, far cells, a chart sheet.


def edge_cases():
    book = Book()
    book.add("Types", [
        (1, [("A1", Bool(True)), ("B1", Bool(False)), ("C1", Error("#N/A")),
             ("D1", Formula('CONCAT("a","b")', "ab")), ("E1", Num("1.5E-3")),
             ("F1", Date("2024-07-01T00:00:00")),
             ("G1", InlineXml('<r><rPr><b/></rPr><t>bold</t></r>'
                              '<r><t xml:space="preserve"> and plain</t></r>'))]),
        (2, [("A2", SharedXml('<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>'
                              '<phoneticPr fontId="1"/>')),
             ("B2", SharedXml('<t xml:space="preserve">  padded  </t>')),
             ("C2", SharedXml("<t>  trimmed\n</t>")),
             ("D2", SharedXml("<t>line one_x000D_\nline two</t>")),
             ("E2", SharedXml("<t>_x005F_x0041_ stays, _xZZZZ_ too</t>")),
             ("F2", SharedXml('<t xml:space="preserve"> </t>')),
             ("G2", SharedXml('<r><t>rich</t></r><r><rPr><i/></rPr><t xml:space="preserve"> '
                              'shared</t></r>')),
             ("H2", Styled())]),
    ])
    book.add("Gaps", [
        (1, [(None, "a"), (None, "b"), ("D1", "d"), (None, "e")]),
        (None, [(None, "x")]),
        (4, [("B4", Inline("")), ("C4", Styled())]),
        (5, [("C5", "c5"), ("A5", "a5, written after C5")]),
        (7, [("A7", Styled())]),
    ])
    book.add("Prefixed", [(1, [("A1", "prefixed"), ("B1", 2)])], prefix="x:",
             target="../xl/./worksheets/sheet3.xml")
    book.add_chart("Chart")
    book.add("Far", [(1, [("XFD1", "right")]), (1048576, [("A1048576", "bottom")])])
    # Another relationships prefix, and a shared strings part whose name differs in case.
    book.workbook_ns_prefix = "rel"
    book.shared_part = "xl/SharedStrings.xml"
    return book


# ---- Broken files.

NS_DECLS = f'xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"'


def one_sheet(rows_xml):
    """A one-sheet workbook whose sheet XML is given verbatim."""
    book = Book()
    book.add("Data", [], xml=DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData>{rows_xml}'
                                    "</sheetData></worksheet>")
    return book


def patch_sizes(data, size):
    """Makes the headers of a one-entry zip claim `size` bytes uncompressed."""
    data = bytearray(data)
    struct.pack_into("<I", data, data.index(b"PK\x03\x04") + 22, size)
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 24, size)
    return bytes(data)


def broken(ep_bytes):
    out = OUT / "broken"
    out.mkdir(parents=True, exist_ok=True)
    (out / "not-a-zip.xlsx").write_text("Occupation,Median wage\nActors,—\n", encoding="utf-8")
    (out / "truncated.xlsx").write_bytes(ep_bytes[: len(ep_bytes) // 2])

    bad = Book()
    bad.add("Data", [(1, [("A1", "x")])])
    write_zip(out / "bad-xml.xlsx", bad.entries(
        workbook_xml=DECL + f'<workbook {NS_DECLS}><sheets><sheet name="Data" sheetId="1" '
                            'r:id="rId1"></sheets></workbook>'))

    write_zip(out / "no-workbook.xlsx", [
        ("[Content_Types].xml", content_types("")),
        ("_rels/.rels", root_rels("word/document.xml")),
        ("word/document.xml", DECL + '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                     'wordprocessingml/2006/main"><w:body/></w:document>'),
    ])

    missing = Book()
    missing.add("Data", [(1, [("A1", "x")])])
    missing.add("Gone", [], part="xl/worksheets/sheet9.xml")
    entries = [e for e in missing.entries() if e[0] != "xl/worksheets/sheet9.xml"]
    write_zip(out / "missing-sheet.xlsx", entries)

    write_zip(out / "bad-sheet-xml.xlsx",
              one_sheet('<row r="1"><c r="A1"><v>1</v></c>').entries())
    write_zip(out / "bad-cell-ref.xlsx", one_sheet(
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>').entries())
    write_zip(out / "bad-row.xlsx", one_sheet('<row r="1048577"><c><v>1</v></c></row>').entries())
    write_zip(out / "row-after-last.xlsx", one_sheet(
        '<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>').entries())
    write_zip(out / "too-many-columns.xlsx", one_sheet(
        '<row r="3">' + "<c><v>1</v></c>" * 16385 + "</row>").entries())
    # One cell in the last column of each of 1,025 rows: 16,794,625 cells to fill.
    write_zip(out / "sparse-bomb.xlsx", one_sheet("".join(
        f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 1026))).entries())
    shared = one_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>')
    shared.shared(t_xml("only string"))
    write_zip(out / "bad-shared-string.xlsx", shared.entries())

    zeros = b"\0" * (1 << 20)
    write_zip(out / "bomb.zip", [("zeros.bin", zeros)])
    # The same entry, but its headers claim 1,000 bytes: only reading tells.
    lying = write_zip(out / "lying-size.zip", [("zeros.bin", zeros)])
    (out / "lying-size.zip").write_bytes(patch_sizes(lying, 1000))
    # A stored entry whose bytes no longer match its CRC.
    stored = write_zip(out / "bad-crc.zip", [("hello.txt", "Hello, world!\n")], zipfile.ZIP_STORED)
    (out / "bad-crc.zip").write_bytes(stored.replace(b"Hello, world!", b"Hello, World!", 1))


def main():
    ep = write_zip(OUT / "ep-occupation.xlsx", ep_occupation().entries())
    write_zip(OUT / "oews-national.xlsx", oews_national().entries())
    write_zip(OUT / "edge-cases.xlsx", edge_cases().entries())
    # A release-style zip: files under a top folder, plus a same-named file deeper down.
    write_zip(OUT / "release.zip", [
        ("db_29_3_text/", b""),
        ("db_29_3_text/Occupation Data.txt", "O*NET-SOC Code\tTitle\n29-1141.00\tRegistered Nurses\n"),
        ("db_29_3_text/extra/Occupation Data.txt", "not this one\n"),
        ("db_29_3_text/Read Me.txt", "Test data.\n"),
    ])
    broken(ep)


if __name__ == "__main__":
    main()
