"""Synthetic filings: fictional offerings with the statistical shape of real STAR refinancings.

They exist to measure the pipeline at sizes the real corpus will never reach (10k, 100k
offerings) and to exercise the parser on layouts it was not written against. Companies and
codes are invented (codes are a letter and five digits, which no exchange issues), every
record says `synthetic`, and they are written only into a data home of their own.
"""
