"""Page script: Streamlit runs this file; the page itself is dashboard/views/explore.py."""
from dashboard.views.explore import render

render()
