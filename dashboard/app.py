"""starboard dashboard (Streamlit). Run with `starboard dashboard`."""
from __future__ import annotations

import streamlit as st

from dashboard.data import warehouse_path, warehouse_version
from dashboard.views import benchmark

st.set_page_config(page_title="starboard · 募集资金投向", page_icon="📊", layout="wide")

if warehouse_version() is None:
    st.title("starboard")
    st.info(
        f"还没有已发布的数据仓库 / No published warehouse yet at `{warehouse_path()}`.\n\n"
        "Run `make demo` (offline, bundled mirror) or `starboard crawl && starboard build`."
    )
else:
    page = st.navigation([st.Page(benchmark.render, title="Benchmark 对标", url_path="benchmark", default=True)])
    page.run()
