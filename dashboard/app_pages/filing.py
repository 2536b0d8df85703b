"""Page script: Streamlit runs this file; the page itself is dashboard/views/filing.py."""
from dashboard.views.filing import render

render()
