"""Page script: Streamlit runs this file; the page itself is dashboard/views/about.py."""
from dashboard.views.about import render

render()
