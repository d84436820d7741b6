"""CPT97530_HUB_UI=voila: a learner's server opens the course as code-free Voila pages,
with no instructions about JupyterLab's Run menu (a real hub, through its API)."""

from __future__ import annotations

import shutil
import time
import urllib.error
import urllib.request

import pytest
from hub_server import start_hub, stop_hub, throwaway_state


@pytest.fixture(scope="module")
def voila_hub(request):
    state = throwaway_state()
    started = start_hub(state, extra_env={"CPT97530_HUB_UI": "voila"})
    yield started
    stop_hub(started)
    if not request.session.testsfailed:
        shutil.rmtree(state, ignore_errors=True)


def test_a_learner_opens_lesson_one_as_a_voila_page_without_code(voila_hub):
    name = "vera-voss"
    voila_hub.api("/users", "POST", {"usernames": [name]})
    voila_hub.api(f"/users/{name}/server", "POST")
    deadline = time.monotonic() + 120
    while not voila_hub.api(f"/users/{name}")["servers"].get("", {}).get("ready"):
        assert time.monotonic() < deadline, "the learner's server did not start"
        time.sleep(0.5)
    token = voila_hub.api(f"/users/{name}/tokens", "POST", {"note": "test"})["token"]
    request = urllib.request.Request(
        f"{voila_hub.url}/user/{name}/", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        page = answer.read().decode("utf-8")
        final_url = answer.url
    assert "/voila/render/notebooks/01_start_here.ipynb" in final_url
    assert "Welcome" in page and "CPT 97530" in page  # the lesson's prose is there
    assert "from toolkit" not in page  # code is stripped
    assert "Run All" not in page and "Run ▸" not in page
    assert (voila_hub.state / "homes" / name / "notebooks" / "01_start_here.ipynb").is_file()
    # JupyterLab (and its terminals) is not served to a learner in Voila mode.
    for path in ("lab", "lab/tree/notebooks/01_start_here.ipynb", "terminals/1", "api/terminals"):
        request = urllib.request.Request(
            f"{voila_hub.url}/user/{name}/{path}", headers={"Authorization": f"token {token}"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        assert refused.value.code == 404, path
