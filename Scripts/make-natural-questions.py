#!/usr/bin/env python3
"""Writes Tests/Fixtures/natural-questions.json: questions about Documents/ asked the way a
curious reader would (own words, not the text's), in SQuAD v1.1 format. Each question names
its answer and a short piece of evidence next to it; the script finds the SQuAD dev paragraph
(the text of Documents/) holding both, and the answer's offset in it.

Usage: python3 Scripts/make-natural-questions.py [../shared/data/squad/dev-v1.1.json]
Measure with: albertqa eval Tests/Fixtures/natural-questions.json --recall --folder Documents
(these were written before any tuning and are not tuned on).
"""
import json
import sys
from pathlib import Path

# (article, question in a reader's words, answer as the text writes it, evidence near it)
QUESTIONS = [
    ("Nikola_Tesla", "In which village did Tesla come into the world?", "Smiljan", "village of Smiljan"),
    ("Fresno,_California", "Roughly how many people call Fresno home?", "520,159", "the city's population was 520,159"),
    ("Jacksonville,_Florida", "Which city in the lower 48 states takes up the most land?", "Jacksonville", "largest city by area in the contiguous"),
    ("Scottish_Parliament", "Who drew up the plans for the building MSPs meet in?", "Enric Miralles", "designed by Spanish architect Enric Miralles"),
    ("Apollo_program", "Which astronauts made up the crew of the first moon landing?", "Neil Armstrong, Michael Collins and Buzz Aldrin", "all-Gemini veteran crew"),
    ("1973_oil_crisis", "What did a barrel of crude cost once the Arab boycott was over?", "nearly $12", "to nearly $12"),
    ("Steam_engine", "What year did Watt get a patent for an engine that turned wheels?", "1781", "In 1781 James Watt patented"),
    ("Newcastle_upon_Tyne", "How many miles is it from Newcastle down to London?", "277 miles", "277 miles (446 km) north of London"),
    ("Kenya", "Which city runs the Kenyan government?", "Nairobi", "Its capital and largest city is Nairobi"),
    ("Ctenophora", "What is the everyday name for ctenophores?", "comb jellies", "commonly known as comb jellies"),
    ("Black_Death", "Where did the medieval plague first break out?", "Central Asia", "arid plains of Central Asia"),
    ("Harvard_University", "How old is Harvard, when was it set up?", "1636", "Harvard was formed in 1636"),
    ("University_of_Chicago", "Which rich oil man paid to start the University of Chicago?", "John D. Rockefeller", "wealthiest man in history John D. Rockefeller"),
    ("Doctor_Who", "What is the Doctor's time machine called?", "TARDIS", "He explores the universe in his TARDIS"),
    ("Super_Bowl_50", "Who was voted the league's top player in the Panthers' great season?", "Cam Newton", "quarterback Cam Newton was named"),
    ("Oxygen", "Which English churchman got oxygen out of mercury oxide with sunlight?", "Joseph Priestley", "British clergyman Joseph Priestley"),
    ("Martin_Luther", "What town was Luther born in?", "Eisleben", "1483 in Eisleben"),
    ("Normans", "Which Viking chief made a deal with the Frankish king for Normandy?", "Rollo", "under their leader Rollo"),
    ("Intergovernmental_Panel_on_Climate_Change", "When did the UN's climate panel get started?", "1988", "first established in 1988"),
    ("Yuan_dynasty", "Who founded the Mongol dynasty that ruled China?", "Kublai Khan", "established by Kublai Khan"),
    ("Packet_switching", "Which American researcher came up with the idea of sending data in blocks in the 1950s?", "Paul Baran", "American computer scientist Paul Baran"),
    ("Civil_disobedience", "Which American author wrote a famous essay on refusing to obey the state?", "Henry David Thoreau", "author Henry David Thoreau"),
    ("French_and_Indian_War", "In what year did the war between Britain and France in North America begin?", "1754", "(1754–1763)"),
    ("Steam_engine", "What was the very first steam-powered gadget?", "aeolipile", "rudimentary steam engine being the aeolipile"),
    ("Genghis_Khan", "What was the Mongol conqueror's name as a boy?", "Temüjin", "Temüjin was probably born in 1162"),
    ("Victoria_(Australia)", "Which city is the seat of Victoria's state government?", "Melbourne", "its capital and largest city, Melbourne"),
    ("Prime_number", "Which Greek showed that primes never run out?", "Euclid", "Euclid around 300 BC"),
    ("Computational_complexity_theory", "Which open problem in computer science has a million-dollar prize?", "P versus NP problem", "The P versus NP problem is one of the Millennium Prize"),
    ("Huguenot", "Which royal decree ended France's religious wars in 1598?", "Edict of Nantes", "granting of the Edict of Nantes"),
    ("Kenya", "Which line of latitude runs through Kenya?", "equator", "territory lies on the equator"),
]


def main():
    dev = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/squad/dev-v1.1.json")
    articles = {a["title"]: a for a in json.loads(dev.read_text())["data"]}
    out = {}
    for number, (title, question, answer, evidence) in enumerate(QUESTIONS):
        article = articles[title]
        matches = [p["context"] for p in article["paragraphs"] if evidence in p["context"] and answer in p["context"]]
        if not matches:
            sys.exit(f"{title}: no paragraph holds both {evidence!r} and {answer!r}")
        context = matches[0]
        at = context.index(evidence)
        # The answer occurrence nearest the evidence.
        starts = [i for i in range(len(context)) if context.startswith(answer, i)]
        start = min(starts, key=lambda i: abs(i - at))
        entry = out.setdefault(title, {"title": title, "paragraphs": {}})
        paragraph = entry["paragraphs"].setdefault(context, {"context": context, "qas": []})
        paragraph["qas"].append({"id": f"natural-{number + 1:02d}", "question": question,
                                 "answers": [{"text": answer, "answer_start": start}]})
    data = [{"title": e["title"], "paragraphs": list(e["paragraphs"].values())} for e in out.values()]
    target = Path(__file__).resolve().parent.parent / "Tests/Fixtures/natural-questions.json"
    target.write_text(json.dumps({"version": "1.1", "note": "natural questions about Documents/, written in a reader's words; see Scripts/make-natural-questions.py",
                                  "data": data}, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(QUESTIONS)} questions → {target}")


if __name__ == "__main__":
    main()
