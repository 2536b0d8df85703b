"""Pickers mirrored in the URL (?focal=…&peers=…&offering=…&lang=…), so a view can be shared
and a link from one page opens another on the right raise.

Streamlit's own `bind="query-params"` stores the *displayed* label in the URL when a widget
has a format_func (company names, translated set names); these helpers store the value
itself. Call `seed` before the widget (keyed `key`) and `publish` after it.
"""
from __future__ import annotations

from collections.abc import Collection

import streamlit as st

_SEEN = "__url__{}"
_LAST = "__last__{}"  # survives page switches, which drop the state of widgets not drawn


def seed(key: str, options: Collection[str], default: str) -> None:
    """Give the widget its value from ?key=… when the URL brought a new one, else keep it valid
    (the value it had when last drawn, else `default`)."""
    wanted = st.query_params.get(key)
    if wanted is not None and wanted in options and st.session_state.get(_SEEN.format(key)) != wanted:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        last = st.session_state.get(_LAST.format(key))
        st.session_state[key] = last if last in options else default
    st.session_state[_SEEN.format(key)] = wanted


def publish(key: str, value: str | None, default: str | None = None) -> None:
    """Write the widget's value to the URL (dropped when it is the default, to keep links short)."""
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    st.session_state[_SEEN.format(key)] = st.query_params.get(key)
    st.session_state[_LAST.format(key)] = value
