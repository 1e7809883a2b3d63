#!/usr/bin/env python3
"""Asks the rota questions of the same small table in every table-bearing format (csv, tsv, xlsx,
ods, docx, odt, pptx, html, md), each in a folder of its own, and prints the top answer.
The files are written here (to a temporary folder; nothing is fetched), the index goes to a
temporary XDG_CACHE_HOME.  Usage: Benchmarks/table-questions.py [path/to/albertqa]
(default .build/release/albertqa)."""
import os
import subprocess
import sys
import tempfile
import zipfile

ROTA = [["Day", "Leader", "Time", "Activity"], ["Monday", "Sarah", "10am", "the parade"],
        ["Wednesday", "Mark", "2pm", "the fete"], ["Friday", "Ryan", "4pm", "the concert"]]
INTRO = "The village week has a parade, a fete and a concert. The rota below says who leads each event."
QUESTIONS = [("Who is the leader on Wednesday?", "Mark"), ("Who leads at 2pm?", "Mark"), ("What activity is on Monday?", "the parade")]


def zip_file(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries:
            archive.writestr(name, text)


def write_fixtures(root):
    def folder(name):
        path = os.path.join(root, name)
        os.makedirs(path, exist_ok=True)
        return path

    open(os.path.join(folder("csv"), "week.csv"), "w").write("\n".join(",".join(r) for r in ROTA) + "\n")
    open(os.path.join(folder("tsv"), "week.tsv"), "w").write("\n".join("\t".join(r) for r in ROTA) + "\n")
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in ROTA)
    open(os.path.join(folder("html"), "week.html"), "w").write(
        f"<html><head><title>Village week</title></head><body><h1>Village week</h1><p>{INTRO}</p><table>{cells}</table></body></html>")
    rows = "\n".join("| " + " | ".join(r) + " |" for r in ROTA[1:])
    open(os.path.join(folder("md"), "week.md"), "w").write(f"# Village week\n\n{INTRO}\n\n| {' | '.join(ROTA[0])} |\n|{'---|' * 4}\n{rows}\n")

    def wp(text):
        return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    table = "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{wp(c)}</w:tc>" for c in r) + "</w:tr>" for r in ROTA) + "</w:tbl>"
    zip_file(os.path.join(folder("docx"), "week.docx"), [
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", f'<w:document xmlns:w="w"><w:body>{wp("Village week")}{wp(INTRO)}{table}</w:body></w:document>')])
    odf_rows = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in r)
                       + "</table:table-row>" for r in ROTA)
    zip_file(os.path.join(folder("odt"), "week.odt"), [("content.xml",
             '<office:document-content><office:body><office:text><text:h text:outline-level="1">Village week</text:h>'
             f"<text:p>{INTRO}</text:p><table:table>{odf_rows}</table:table></office:text></office:body></office:document-content>")])
    zip_file(os.path.join(folder("ods"), "week.ods"), [("content.xml",
             '<office:document-content><office:body><office:spreadsheet><table:table table:name="Rota">'
             f"{odf_rows}</table:table></office:spreadsheet></office:body></office:document-content>")])
    tcs = "".join("<a:tr>" + "".join(f"<a:tc><a:txBody><a:p><a:r><a:t>{c}</a:t></a:r></a:p></a:txBody></a:tc>" for c in r) + "</a:tr>" for r in ROTA)
    zip_file(os.path.join(folder("pptx"), "week.pptx"), [("ppt/slides/slide1.xml",
             '<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:nvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>'
             "<p:txBody><a:p><a:r><a:t>Village week</a:t></a:r></a:p></p:txBody></p:sp><p:graphicFrame><a:graphic><a:graphicData>"
             f"<a:tbl>{tcs}</a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:spTree></p:cSld></p:sld>")])
    strings = [c for r in ROTA for c in r]
    sheet = "".join(f'<row r="{i + 1}">' + "".join(f'<c r="{"ABCD"[j]}{i + 1}" t="s"><v>{i * 4 + j}</v></c>' for j in range(4)) + "</row>"
                    for i in range(len(ROTA)))
    zip_file(os.path.join(folder("xlsx"), "week.xlsx"), [
        ("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="Rota" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/sharedStrings.xml", "<sst>" + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"),
        ("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{sheet}</sheetData></worksheet>")])


def main():
    albertqa = sys.argv[1] if len(sys.argv) > 1 else ".build/release/albertqa"
    right = total = 0
    with tempfile.TemporaryDirectory(prefix="albertqa-tables-") as root:
        write_fixtures(os.path.join(root, "docs"))
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(root, "cache"))
        for kind in sorted(os.listdir(os.path.join(root, "docs"))):
            for question, expected in QUESTIONS:
                run = subprocess.run([albertqa, "ask", os.path.join(root, "docs", kind), question, "--retriever", "bm25", "--top", "1"],
                                     capture_output=True, text=True, env=env)
                lines = (run.stdout + run.stderr).splitlines()
                first = next((l for l in lines if l.startswith("1.") or l.startswith("albertqa:")), "(no answer)")
                answer = first[3:].split("  ")[0] if first.startswith("1.") else first
                total += 1
                right += answer == expected
                print(f"{kind:5} {question:34} {'ok ' if answer == expected else 'BAD'} {first[:90]}")
    print(f"{right}/{total} answered exactly")


if __name__ == "__main__":
    main()
