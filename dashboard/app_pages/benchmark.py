"""Page script: Streamlit runs this file; the page itself is dashboard/views/benchmark.py."""
from dashboard.views.benchmark import render

render()
