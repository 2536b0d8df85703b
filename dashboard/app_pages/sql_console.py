"""Page script: Streamlit runs this file; the page itself is dashboard/views/sql_console.py."""
from dashboard.views.sql_console import render

render()
