"""Synthetic filings: fictional offerings with the statistical shape of real STAR refinancings.

They exist to measure the pipeline at sizes the real corpus will never reach (10k, 100k
offerings) and to exercise the parser on layouts it was not written against. Companies and
codes are invented (codes are a letter and five digits, which no exchange issues), every
record says `synthetic`, and they are written only into a data home of their own, marked
by a `SYNTHETIC` file.
"""

#: the file that marks a data home synth made (read by synth, and by the data-quality gate,
#: which accepts synthetic codes and URLs in such a home only)
MARKER = "SYNTHETIC"
#: company codes synth issues: a letter and five digits, which no exchange uses
CODE_PATTERN = r"^Z\d{5}$"
#: where a synthetic document "came from": its generator, not a web site
URL_SCHEME = "synth://"
