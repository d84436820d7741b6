"""The Python learners' servers run in: never root, never the hub's account; the hub
refuses to start otherwise (unless the loud demo override is set)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from toolkit.classroom import learner_runtime
from toolkit.classroom.learner_runtime import UNSAFE, RuntimeRefused, learner_python

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="building a runtime for other accounts needs root"
)


@needs_root
def test_an_unprivileged_account_can_run_the_learner_runtime():
    state = Path(tempfile.mkdtemp(prefix="cpt97530-runtime-"))  # pytest's tmp folders are private
    os.chmod(state, 0o711)
    python = learner_python(state)
    assert python is not None and learner_runtime.others_can_run(python)
    done = subprocess.run(
        [python, "-c", "import os, toolkit, jupyterhub.singleuser; print(os.getuid())"],
        user=65534,
        group=65534,
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "65534"
    shutil.rmtree(state)


def test_a_hub_not_run_as_root_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setattr(learner_runtime.os, "geteuid", lambda: 1000)
    monkeypatch.delenv(UNSAFE, raising=False)
    with pytest.raises(RuntimeRefused, match="must run as root"):
        learner_python(tmp_path)
    monkeypatch.setenv(UNSAFE, "1")  # the demo override: servers share the hub's account
    assert learner_python(tmp_path) is None


def test_no_usable_runtime_refuses_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(learner_runtime.os, "geteuid", lambda: 0)
    monkeypatch.setattr(learner_runtime, "others_can_run", lambda program: False)
    monkeypatch.setattr(learner_runtime, "_system_python", lambda: None)
    monkeypatch.delenv(UNSAFE, raising=False)
    with pytest.raises(RuntimeRefused, match="no system Python 3.11") as refused:
        learner_python(tmp_path)
    assert UNSAFE in str(refused.value)
    assert not (tmp_path / "runtime").exists()
