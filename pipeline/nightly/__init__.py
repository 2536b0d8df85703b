"""`starboard nightly`: one command a scheduler can trust.

One run takes the nightly lock (`lock.py`), then goes through the stages of `stages.py` —
crawl (every source, incremental) → build → check → publish → report — timing each, and
writes what changed since the last report to reports/nightly/<date>.json and .md
(`changes.py` compares the new build with a snapshot of the last reported one,
`baseline.py`; `report.py` renders). `runner.py` ties them together; logs go to
reports/logs/ (`logs.py`). `hooks.py` lets tests pause, fail or SIGKILL a run at a named
point of any stage.
"""
