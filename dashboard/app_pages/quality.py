"""Page script: Streamlit runs this file; the page itself is dashboard/views/quality.py."""
from dashboard.views.quality import render

render()
