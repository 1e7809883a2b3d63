#!/usr/bin/env python3
"""Writes Tests/Fixtures/mixed-folder/ (a small folder of every kind issue 20 names: mail,
spreadsheets, tables in documents, scans, legacy Office) and
Tests/Fixtures/mixed-folder-questions.json (SQuAD 1.1 format: each file's text that holds an
answer as a context, the answer's start in it). Committed; tests never run this.

Reused, copied as they are: Tests/Fixtures/tools/{family.doc, survey.ppt, rota.xls,
glaciers.rtf, scan.png} (Scripts/make-tool-fixtures.py) and Tests/Fixtures/mail/family-day.eml
(Scripts/make-mail-fixtures.py). Written here: a base64 mail, CSV, TSV, XLSX, ODS, DOCX with a
table, HTML and Markdown tables, and a second scan (a PDF of one image, no text layer) with
make-tool-fixtures.py's PDF writers. Zip entries carry a fixed date so the bytes are the same
on every run.

usage: python3 Scripts/make-mixed-folder.py   (needs poppler's pdftoppm for the scan)
"""
import base64
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
OUT = os.path.join(FIXTURES, "mixed-folder")

spec = importlib.util.spec_from_file_location("tool_fixtures", os.path.join(ROOT, "Scripts", "make-tool-fixtures.py"))
tool_fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool_fixtures)


def write(name, data):
    with open(os.path.join(OUT, name), "wb" if isinstance(data, bytes) else "w", **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)


def write_zip(name, entries):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        for entry, text in entries:
            info = zipfile.ZipInfo(entry, date_time=(2025, 6, 2, 9, 30, 0))
            info.compress_type = zipfile.ZIP_STORED if entry == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- the tables ----------------------------------------------------------------------------

STAFF = [["Name", "Room", "Extension"], ["Priya Nair", "C12", "4417"], ["Omar Haddad", "B07", "4520"],
         ["Ines Duarte", "A03", "4601"]]
PLANTS = [["Plant", "Watering", "Window"], ["Fern", "twice a week", "north"], ["Cactus", "once a month", "south"]]
STOCK = [["Item", "Shelf", "Count"], ["Headlamps", "A3", 40], ["Crampons", "D1", 12], ["Ice axes", "B2", 7]]
TRAINS = [["Destination", "Departs", "Platform"], ["Zermatt", "08:15", "4"], ["Brig", "10:40", "7"]]
WARDENS = [["Hut", "Warden", "Opens"], ["Konkordia hut", "Anna Berger", "June"], ["Hollandia hut", "Jonas Frei", "July"]]
COURSES = [["Course", "Price", "Length"], ["Glacier walk", "95 francs", "4 hours"], ["Crevasse rescue", "180 francs", "2 days"]]
TRIPS = [["Trip", "Guide", "Day"], ["Eggishorn", "Luca", "Tuesday"], ["Bettmerhorn", "Mia", "Thursday"]]


def xlsx(rows, sheet_name):
    strings = []

    def shared(value):
        if value not in strings:
            strings.append(value)
        return strings.index(value)

    cells = []
    for r, row in enumerate(rows, 1):
        out = []
        for c, value in enumerate(row):
            ref = "ABCDEFGH"[c] + str(r)
            if isinstance(value, (int, float)):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
        cells.append(f'<row r="{r}">' + "".join(out) + "</row>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>'),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
         f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">'
         + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>"),
        ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
         + "".join(cells) + "</sheetData></worksheet>"),
    ]


def ods(rows, sheet_name):
    def cell(value):
        return f"<table:table-cell office:value-type=\"string\"><text:p>{escape(value)}</text:p></table:table-cell>"
    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    return [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
         f'<table:table table:name="{escape(sheet_name)}">{body}</table:table></office:spreadsheet></office:body></office:document-content>'),
    ]


def docx(before, rows, after):
    def paragraph(text):
        return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"

    def row(cells, header):
        return ("<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if header else "")
                + "".join(f"<w:tc><w:tcPr/>{paragraph(c)}</w:tc>" for c in cells) + "</w:tr>")
    table = "<w:tbl><w:tblPr/>" + "".join(row(r, i == 0) for i, r in enumerate(rows)) + "</w:tbl>"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>'),
        ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'
         + paragraph(before) + table + paragraph(after) + "</w:body></w:document>"),
    ]


def delimited(rows, delimiter):
    def field(value):
        value = str(value)
        return '"' + value.replace('"', '""') + '"' if any(ch in value for ch in '",\n\t') else value
    return "".join(delimiter.join(field(v) for v in row) + "\r\n" for row in rows)


def html_table(title, rows):
    head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>\n" for row in rows[1:])
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n"
            f"<h1>{title}</h1>\n<p>Courses run from the Fiesch station every week in summer.</p>\n"
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</body></html>\n")


def markdown_table(title, rows):
    lines = [f"# {title}", "", "Guided trips leave from the valley station at eight.", "",
             "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


SERVER_MAIL_BODY = ("Hello all,\n\nThe file server moves to building C on 12 March. The old shares stay "
                    "read-only for a week. For new access cards, please contact Priya Nair at the front desk.\n\n"
                    "Thanks,\nIT team\n")


def server_mail():
    body = base64.encodebytes(SERVER_MAIL_BODY.encode("utf-8")).decode("ascii")
    return ("From: IT team <it@example.org>\r\nTo: staff@example.org\r\nDate: Tue, 3 Mar 2025 08:00:00 +0100\r\n"
            "Subject: File server move\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body.replace("\n", "\r\n"))


SCAN_LINES = ["The Fiesch cable car", "opened in 1966 and", "carries 900 people", "an hour."]

# ---- the questions -------------------------------------------------------------------------
# (file, the text the answer sits in as AlbertQA's reader sees it, question, answer)
QUESTIONS = [
    ("family-day.eml", "Our first annual family day takes place on Saturday 14 June at the Lakeside park.",
     "When does the first annual family day take place?", "Saturday 14 June"),
    ("family-day.eml", "Our first annual family day takes place on Saturday 14 June at the Lakeside park.",
     "In which park is the family day?", "Lakeside park"),
    ("server-move.eml", "The file server moves to building C on 12 March.", "Where does the file server move to?", "building C"),
    ("server-move.eml", "For new access cards, please contact Priya Nair at the front desk.",
     "Who should I contact for new access cards?", "Priya Nair"),
    ("family.doc", "Zoë brings the café crème.", "What does Zoë bring?", "the café crème"),
    ("glaciers.rtf", "The Rhône glacier retreated 1.4 km since 1850", "How far has the Rhône glacier retreated since 1850?", "1.4 km"),
    ("glaciers.rtf", "Meltwater feeds Lake Geneva.", "Which lake does the meltwater feed?", "Lake Geneva"),
    ("survey.ppt", "Zoë counted 12 crevasses on the Aletsch.", "How many crevasses did Zoë count?", "12"),
    ("survey.ppt", "Ropes cost 450 francs.", "How much do the ropes cost?", "450 francs"),
    ("scan.png", "The Aletsch glacier is 23 kilometres long and lost 3 km since 1870.", "How long is the Aletsch glacier?", "23 kilometres"),
    ("cable-car-scan.pdf", "The Fiesch cable car opened in 1966 and carries 900 people an hour.",
     "When did the Fiesch cable car open?", "1966"),
    ("rota.xls", "Day: Wednesday · Leader: Mark · Time: 2pm.", "Who is the leader on Wednesday?", "Mark"),
    ("rota.xls", "Item: Petting zoo · Cost: 450.5.", "How much does the petting zoo cost?", "450.5"),
    ("staff.csv", "Name: Omar Haddad · Room: B07 · Extension: 4520.", "Which room is Omar Haddad in?", "B07"),
    ("staff.csv", "Name: Ines Duarte · Room: A03 · Extension: 4601.", "What is Ines Duarte's extension?", "4601"),
    ("plants.tsv", "Plant: Cactus · Watering: once a month · Window: south.", "How often is the cactus watered?", "once a month"),
    ("stock.xlsx", "Item: Crampons · Shelf: D1 · Count: 12.", "Which shelf are the crampons on?", "D1"),
    ("stock.xlsx", "Item: Headlamps · Shelf: A3 · Count: 40.", "How many headlamps are there?", "40"),
    ("trains.ods", "Destination: Brig · Departs: 10:40 · Platform: 7.", "When does the train to Brig depart?", "10:40"),
    ("trains.ods", "Destination: Zermatt · Departs: 08:15 · Platform: 4.", "Which platform does the Zermatt train leave from?", "4"),
    ("huts.docx", "Hut: Konkordia hut · Warden: Anna Berger · Opens: June.", "Who is the warden of the Konkordia hut?", "Anna Berger"),
    ("huts.docx", "Hut: Hollandia hut · Warden: Jonas Frei · Opens: July.", "When does the Hollandia hut open?", "July"),
    ("courses.html", "Course: Crevasse rescue · Price: 180 francs · Length: 2 days.", "How long is the crevasse rescue course?", "2 days"),
    ("courses.html", "Course: Glacier walk · Price: 95 francs · Length: 4 hours.", "How much does the glacier walk cost?", "95 francs"),
    ("trips.md", "Trip: Eggishorn · Guide: Luca · Day: Tuesday.", "Who guides the Eggishorn trip?", "Luca"),
    ("trips.md", "Trip: Bettmerhorn · Guide: Mia · Day: Thursday.", "On which day is the Bettmerhorn trip?", "Thursday"),
]


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for name in ("family.doc", "survey.ppt", "rota.xls", "glaciers.rtf", "scan.png"):
        shutil.copyfile(os.path.join(FIXTURES, "tools", name), os.path.join(OUT, name))
    shutil.copyfile(os.path.join(FIXTURES, "mail", "family-day.eml"), os.path.join(OUT, "family-day.eml"))
    write("server-move.eml", server_mail())
    write("staff.csv", delimited(STAFF, ","))
    write("plants.tsv", delimited(PLANTS, "\t"))
    write_zip("stock.xlsx", xlsx(STOCK, "Stock"))
    write_zip("trains.ods", ods(TRAINS, "Departures"))
    write_zip("huts.docx", docx("Hut wardens for the summer season.", WARDENS, "Call ahead before you climb."))
    write("courses.html", html_table("Mountain courses", COURSES))
    write("trips.md", markdown_table("Guided trips", TRIPS))
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "text.pdf")
        with open(source, "wb") as f:
            f.write(tool_fixtures.text_pdf(SCAN_LINES, height=180))
        pgm = subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", source], check=True, capture_output=True).stdout
    write("cable-car-scan.pdf", tool_fixtures.image_pdf(pgm, 420, 180))

    data = []
    for number, (name, context, question, answer) in enumerate(QUESTIONS, 1):
        start = context.index(answer)
        data.append({"title": name, "paragraphs": [{"context": context, "qas": [
            {"id": f"mixed-{number:02d}", "question": question, "answers": [{"text": answer, "answer_start": start}]}]}]})
    with open(os.path.join(FIXTURES, "mixed-folder-questions.json"), "w", encoding="utf-8") as f:
        json.dump({"version": "1.1", "note": "questions about Tests/Fixtures/mixed-folder/ (one file of each kind of issue 20); "
                   "each context is the sentence or table row that holds the answer; see Scripts/make-mixed-folder.py",
                   "data": data}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(os.listdir(OUT))} files to {OUT} and {len(QUESTIONS)} questions")


if __name__ == "__main__":
    main()
