"""toolkit.settings: the one reader of the environment, every variable documented once, each
setting's default and override, and where the course and the bank are found."""

from __future__ import annotations

import ast
import glob
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from toolkit import settings
from toolkit.course.exercises.submission import submissions_dir
from toolkit.errors import BillingInputError

REPO = Path(__file__).resolve().parents[1]
SCANNED = sorted([*(REPO / "toolkit").rglob("*.py"), *(REPO / "deploy").rglob("*.py")])
VARIABLE = re.compile(
    r"\b(CPT97530_[A-Z_]*[A-Z]|JUPYTERHUB_[A-Z_]+|HUB_IP|HUB_PORT|KUBERNETES_\w+)"
)


def environment_reads(source: str) -> list[str]:
    """Where `source` reads (or changes) this process's environment: os.environ, os.getenv,
    os.environb and friends, however os or the name was imported."""
    tree = ast.parse(source)
    os_names, direct = {"os"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            os_names |= {a.asname or a.name for a in node.names if a.name == "os"}
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            direct |= {a.asname or a.name for a in node.names if "env" in a.name}
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and "env" in node.attr
            and isinstance(node.value, ast.Name)
            and node.value.id in os_names
        ):
            found.append(f"line {node.lineno}: os.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in direct:
            found.append(f"line {node.lineno}: {node.id}")
    return found


def test_the_environment_check_finds_every_way_of_reading_it():
    assert environment_reads("import os\nx = os.environ.get('A')") == ["line 2: os.environ"]
    assert environment_reads("import os as o\no.getenv('A')") == ["line 2: os.getenv"]
    assert environment_reads("from os import environ as e\ne['A']") == ["line 2: e"]
    assert environment_reads("import os\nos.putenv('A', '1')") == ["line 2: os.putenv"]
    # Passing values on to a child process is not reading: a dict of our own.
    assert environment_reads("def user_env(env):\n    env['CPT97530_HOME'] = '/h'\n") == []


def test_only_toolkit_settings_reads_the_environment():
    offenders = {
        str(path.relative_to(REPO)): found
        for path in SCANNED
        if path != REPO / "toolkit" / "settings.py"
        and (found := environment_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "read settings through toolkit.settings"
    assert environment_reads((REPO / "toolkit" / "settings.py").read_text()), "the reader moved?"


def test_every_variable_the_code_names_is_documented():
    named = set()
    for path in SCANNED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named |= set(VARIABLE.findall(node.value))
    assert named - set(settings.SETTINGS) == set()
    assert {"CPT97530_HOME", "CPT97530_SOLUTIONS", "CPT97530_CODE_PAIRS"} <= named


def test_an_undocumented_variable_cannot_be_read():
    with pytest.raises(KeyError, match="not a documented setting"):
        settings.value("CPT97530_SOMETHING_NEW")


def test_the_readme_mirrors_the_table_and_the_docstring_holds_it():
    table = settings.markdown_table()
    assert table in (REPO / "README.md").read_text(encoding="utf-8"), (
        "paste this into the README's Settings section:\n" + table
    )
    assert table in settings.__doc__
    assert len(table.splitlines()) == len(settings.SETTINGS) + 2


# -- each setting: default and override ------------------------------------------------------


@pytest.fixture
def env(monkeypatch):
    for name in settings.SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_value_is_stripped_and_empty_when_unset(env):
    assert settings.value("CPT97530_HUB_UI") == ""
    env.setenv("CPT97530_HUB_UI", "  voila \n")
    assert settings.value("CPT97530_HUB_UI") == "voila"


def test_learner_home_and_its_files(env, tmp_path):
    env.setenv("HOME", str(tmp_path / "me"))
    assert settings.learner_home() == tmp_path / "me" / ".cpt97530"
    assert settings.learner_db() == tmp_path / "me" / ".cpt97530" / "learner.db"
    env.setenv("CPT97530_HOME", str(tmp_path / "elsewhere"))
    assert settings.learner_home() == tmp_path / "elsewhere"
    assert settings.progress_file() == tmp_path / "elsewhere" / "progress.json"
    assert settings.course_dir() == tmp_path / "elsewhere" / "course"
    assert submissions_dir() == tmp_path / "elsewhere" / "submissions"


def test_submissions_and_course_copy_overrides(env, tmp_path):
    env.setenv("CPT97530_SUBMISSIONS", str(tmp_path / "shared"))
    env.setenv("CPT97530_COURSE", str(tmp_path / "copy"))
    assert submissions_dir() == tmp_path / "shared"
    assert settings.course_dir() == tmp_path / "copy"


def test_a_tilde_in_a_path_setting_means_the_home_folder(env, tmp_path):
    # Set in a .env file or a hub config, no shell expands it: "~/x" made a folder named "~".
    env.setenv("HOME", str(tmp_path))
    for name in ("CPT97530_HOME", "CPT97530_SUBMISSIONS", "CPT97530_COURSE"):
        env.setenv(name, f"~/{name.lower()}")
    env.setenv("CPT97530_COURSE_DIR", "~/shipped")
    env.setenv("CPT97530_CODE_PAIRS", "~/pairs.csv")
    assert settings.learner_home() == tmp_path / "cpt97530_home"
    assert submissions_dir() == tmp_path / "cpt97530_submissions"
    assert settings.course_dir() == tmp_path / "cpt97530_course"
    assert settings.course_source() == tmp_path / "shipped"
    assert settings.code_pairs_file() == str(tmp_path / "pairs.csv")
    (tmp_path / "bank").mkdir()
    shutil.copy(REPO / "solutions" / "ex01_tidy_visit.toml", tmp_path / "bank")
    env.setenv("CPT97530_SOLUTIONS", "~/bank")
    assert settings.solutions_dir() == tmp_path / "bank"
    with pytest.raises(KeyError):
        settings.path("CPT97530_NOT_A_SETTING")


def test_a_hub_server_files_submissions_in_the_class_folder(env, tmp_path):
    env.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    assert settings.class_dir() is None and settings.hub_learner() is None  # not in a hub
    env.setenv("JUPYTERHUB_USER", "dana-lee")
    assert settings.hub_learner() == "dana-lee" and settings.class_dir() == tmp_path / "class"
    assert submissions_dir() == tmp_path / "class" / "submissions" / "dana-lee"


def test_debug_and_code_pairs(env):
    assert settings.debug() is False and settings.code_pairs_file() is None
    env.setenv("CPT97530_DEBUG", "1")
    env.setenv("CPT97530_CODE_PAIRS", " /data/pairs.csv ")
    assert settings.debug() is True and settings.code_pairs_file() == "/data/pairs.csv"
    env.setenv("CPT97530_DEBUG", "0")
    assert settings.debug() is False


def test_course_mode_is_on_unless_turned_off(env):
    assert settings.course_mode() is True
    for off in ("off", " OFF ", "0", "no", "false"):
        env.setenv("CPT97530_COURSE_MODE", off)
        assert settings.course_mode() is False
    env.setenv("CPT97530_COURSE_MODE", "on")
    assert settings.course_mode() is True
    env.setenv("CPT97530_COURSE_MODE", "maybe")
    with pytest.raises(BillingInputError, match="CPT97530_COURSE_MODE is 'maybe': use on or off"):
        settings.course_mode()


def test_in_the_checkout_the_course_and_bank_are_the_repositorys(env):
    assert settings.checkout() == REPO
    assert settings.course_source() == REPO
    assert settings.solutions_dir() == REPO / "solutions"


def test_course_and_bank_overrides(env, tmp_path):
    env.setenv("CPT97530_COURSE_DIR", str(tmp_path / "course"))
    assert settings.course_source() == tmp_path / "course"
    bank = tmp_path / "bank"
    bank.mkdir()
    env.setenv("CPT97530_SOLUTIONS", str(bank))
    assert settings.solutions_dir() is None  # a folder with no exercise is no bank
    shutil.copy(REPO / "solutions" / "ex01_tidy_visit.toml", bank)
    assert settings.solutions_dir() == bank


def test_hub_settings_take_their_raw_values_from_settings(env, tmp_path):
    from toolkit.classroom.settings import hub_settings, on_kubernetes

    s = hub_settings()
    assert s.state_dir == REPO / "hub-state" and s.course_dir == REPO
    assert s.proxy == str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")
    assert on_kubernetes() is False
    env.setenv("CPT97530_CHP", "/opt/chp")
    env.setenv("CPT97530_COURSE_DIR", str(tmp_path))
    env.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    assert (hub_settings().proxy, hub_settings().course_dir) == ("/opt/chp", tmp_path)
    assert on_kubernetes() is True


# -- an installed copy: what ships, and one clear message for what does not --------------------


def _data_files() -> dict[str, list[str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    return project["tool"]["setuptools"]["data-files"]


def test_the_installed_course_is_every_course_file_and_never_a_key():
    from toolkit.course.course_copy import _package_files

    shipped = {}
    for folder, patterns in _data_files().items():
        for pattern in patterns:
            for path in glob.glob(pattern, root_dir=REPO):
                shipped[f"{folder}/{Path(path).name}"] = path
    course = {
        key.removeprefix(settings.SHARE + "/"): path
        for key, path in shipped.items()
        if key.startswith(settings.SHARE)
    }
    assert {k for k in course if not k.startswith("examples/")} == set(_package_files(REPO))
    assert "examples/visit_logs/day_sheet.csv" in course  # lesson 10's audit
    assert not [p for p in shipped.values() if "solutions" in Path(p).parts or p.endswith(".toml")]
    packaged = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert not [p for p in packaged["package-data"]["toolkit"] if "solution" in p]


def _run_as_installed(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    """Run `code` with a copy of the toolkit package outside the checkout: what an installed
    copy without the course's data files and without a bank sees."""
    site = tmp_path / "site"
    shutil.copytree(
        REPO / "toolkit", site / "toolkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    clean = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(site), **env}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean, cwd=tmp_path
    )


def test_an_installed_copy_without_its_course_or_bank_says_which_setting_to_set(tmp_path):
    done = _run_as_installed(
        tmp_path,
        "import toolkit, toolkit.settings as s\n"
        "from toolkit.errors import BillingInputError\n"
        "from toolkit.classroom.settings import hub_settings\n"
        "print(toolkit.__file__)\n"
        "print(s.checkout(), s.solutions_dir())\n"
        "for f in (s.course_source, hub_settings):\n"
        "    try: f()\n"
        "    except BillingInputError as e: print(e)\n",
    )
    assert done.returncode == 0, done.stderr
    where, found, course, hub = done.stdout.splitlines()
    assert where.startswith(str(tmp_path / "site")) and found == "None None"
    assert "set CPT97530_COURSE_DIR" in course
    assert "CPT97530_HUB_STATE must name" in hub


def test_an_installed_copy_pointed_at_a_course_and_bank_uses_them(tmp_path):
    done = _run_as_installed(
        tmp_path,
        "import toolkit.settings as s\n"
        "from toolkit.course.exercises.bank import load_bank\n"
        "print(s.course_source(), s.solutions_dir(), len(load_bank()))\n",
        CPT97530_COURSE_DIR=str(REPO),
        CPT97530_SOLUTIONS=str(REPO / "solutions"),
    )
    assert done.returncode == 0, done.stderr
    count = len(list((REPO / "solutions").glob("ex*.toml")))
    assert done.stdout.split() == [str(REPO), str(REPO / "solutions"), str(count)]


def test_the_command_line_in_an_installed_copy_without_a_course_is_one_line(tmp_path):
    done = _run_as_installed(
        tmp_path, "import sys; from toolkit.cli import main; sys.exit(main(['course']))"
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "CPT97530_COURSE_DIR" in done.stderr
