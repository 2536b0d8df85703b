"""starboard dashboard (Streamlit multipage). Run with `starboard dashboard`.

This entry script runs on every interaction: it sets the language (Chinese by default,
`?lang=en` or the sidebar switch for English), registers the pages and runs the one the
URL names. Each page lives in dashboard/views/ and reads the published warehouse
read-only through dashboard/data.py.
"""
from __future__ import annotations

import streamlit as st

from dashboard import url_state
from dashboard.common import sidebar_freshness
from dashboard.i18n import LANG_KEY, LANGUAGES, t

st.set_page_config(page_title="starboard · 募集资金投向", page_icon=":material/leaderboard:", layout="wide",
                   menu_items={"Get help": None, "Report a bug": None,
                               "About": "starboard: use-of-proceeds analytics for STAR-market refinancings."})

url_state.seed(LANG_KEY, LANGUAGES, "zh")
language = st.sidebar.radio("语言 · Language", LANGUAGES, key=LANG_KEY, horizontal=True,
                            format_func={"zh": "中文", "en": "English"}.get)
url_state.publish(LANG_KEY, language, "zh")

PAGES = [
    st.Page("app_pages/benchmark.py", title=t("nav.benchmark"), icon=":material/leaderboard:",
            url_path="benchmark", default=True),
    st.Page("app_pages/explore.py", title=t("nav.explore"), icon=":material/table_view:", url_path="explore"),
    st.Page("app_pages/filing.py", title=t("nav.filing"), icon=":material/description:", url_path="filing"),
    st.Page("app_pages/sql_console.py", title=t("nav.sql"), icon=":material/terminal:", url_path="sql"),
    st.Page("app_pages/quality.py", title=t("nav.quality"), icon=":material/fact_check:", url_path="quality"),
    st.Page("app_pages/about.py", title=t("nav.about"), icon=":material/info:", url_path="about"),
]
page = st.navigation(PAGES)
sidebar_freshness()
page.run()
