"""toolkit.files.storage: new files that never replace one, also without hard links."""

from __future__ import annotations

import os

from toolkit.files.storage import write_new_file


def test_without_os_link_new_files_are_still_made_and_never_replace_one(tmp_path, monkeypatch):
    """Python in a browser (Pyodide, the JupyterLite site) has no os.link at all: an
    exercise attempt is still saved, each under a new name, and nothing half-written stays."""
    monkeypatch.delattr(os, "link")
    first = write_new_file(tmp_path, "ana__ex01__20260101T000000Z", '{"n": 1}\n')
    second = write_new_file(tmp_path, "ana__ex01__20260101T000000Z", '{"n": 2}\n')
    assert first != second
    assert first.read_text() == '{"n": 1}\n' and second.read_text() == '{"n": 2}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])
