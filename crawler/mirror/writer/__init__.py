"""Writes the bundled corpus: real published figures → fixture filings (blocks) + truths.

`reference` reads the facts and the editorial choices, `figures` prints amounts and dates
the way filings do, `plan_docs` / `actual_docs` lay out each kind of document, `truth`
states what a correct parse of each document is. `crawler/mirror/build_corpus.py` runs it.
"""
