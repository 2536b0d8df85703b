"""Labels in Chinese (default) or English, from one data file (labels.toml).

Every string the dashboard shows is looked up here by key, so a wording change is a data
edit and the two languages cannot drift apart (a test checks that every key used in the
code exists in both). Taxonomy values (budget categories, project types, themes) take
their labels from the warehouse's own `taxonomy_values` table.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

LABELS_FILE = Path(__file__).with_name("labels.toml")
SETTINGS_FILE = Path(__file__).with_name("settings.toml")
LANGUAGES = ("zh", "en")
LANG_KEY = "lang"


@cache
def labels() -> dict[str, dict[str, str]]:
    """key -> {zh, en}, flattened from the TOML tables (`[kpi] raise = {...}` -> `kpi.raise`)."""
    raw = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict) and set(value) <= set(LANGUAGES) and value:
                flat[name] = value
            elif isinstance(value, dict):
                walk(name, value)
            else:
                raise ValueError(f"labels.toml: {name} must be a table of {LANGUAGES}")

    walk("", raw)
    return flat


@cache
def settings() -> dict[str, Any]:
    """Defaults that are choices rather than code (the focal raise, the default peer set...)."""
    return tomllib.loads(SETTINGS_FILE.read_text(encoding="utf-8"))


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "zh")
    return value if value in LANGUAGES else "zh"


def t(key: str, **values: Any) -> str:
    """The label `key` in the current language, with `{name}` fields filled from `values`."""
    entry = labels().get(key)
    if entry is None:
        raise KeyError(f"no label {key!r} in {LABELS_FILE.name}")
    text = entry.get(lang()) or entry["zh"]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in labels()


def terms(group: str) -> dict[str, str]:
    """Every value of a vocabulary with its label in the current language."""
    prefix = f"{group}."
    return {key[len(prefix):]: t(key) for key in labels() if key.startswith(prefix)}


def term(group: str, value: str | None) -> str:
    """A vocabulary value (offering type, document kind, change...) as a label, else as stored."""
    if value is None:
        return "—"
    key = f"{group}.{value}"
    return t(key) if has(key) else str(value)
