"""toolkit.widgets.progress_file: the download link holds the progress file; a bad upload
is said in one line."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime

from toolkit.course import learner_store
from toolkit.widgets import progress_file


def uploaded(raw: bytes) -> tuple:
    """What the upload box holds after a learner picks a file."""
    return (
        {
            "name": "progress.json",
            "type": "application/json",
            "size": len(raw),
            "content": memoryview(raw),
            "last_modified": datetime.now(UTC),
        },
    )


def test_the_link_holds_the_progress_and_bringing_it_back_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "a"))
    learner_store.record_answer("04_time_and_units", item_id="q1", answer="1", correct=True)
    view = progress_file.show()
    view.save.click()
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", view.link.value).group(1)
    raw = base64.b64decode(encoded)
    assert json.loads(raw)["store"]["lessons"]["04_time_and_units"]["answers"]["q1"]["correct"]

    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "b"))
    view = progress_file.show()
    view.upload.value = uploaded(raw)
    assert "Brought back: 1 quick-check answer(s)" in view.status.value
    assert learner_store.saved_answer("04_time_and_units", item_id="q1")["correct"] is True


def test_a_bad_upload_is_said_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))
    view = progress_file.show()
    view.upload.value = uploaded(b"hello")
    assert 'role="alert">Not brought back: this file is not a progress file' in view.status.value
