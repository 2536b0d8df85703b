"""Data quality: the expectation suites of `expectations/`, run with Great Expectations.

Data flows one way through here: warehouse frames (and the catalog) → the frames each
suite checks (`frames.py`, pure) → GX validation (`gx_runner.py`) → results (`results.py`)
→ row flags (`flags.py`, pure), an HTML report and the dq_* tables (`report.py`,
`store.py`). `check.py` ties them together for `starboard build` and `starboard check`.
"""
