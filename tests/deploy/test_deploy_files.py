"""deploy/: the Kubernetes files name the same hub config, packages and settings as `make hub`.

They cannot run here (no container runtime, no cluster): this checks that they parse and
agree, and loads the hub config the way the Zero to JupyterHub hub pod would (Kubernetes
environment, the values' hub.extraEnv) to see what it configures there.
"""

import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
CONFIG = "deploy/jupyterhub_config.py"


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOY / "values.yaml").read_text())


def dockerfile_stages() -> dict[str, list[str]]:
    stages, current = {}, None
    for line in (DEPLOY / "Dockerfile").read_text().splitlines():
        line = line.strip()
        if line.startswith("FROM "):
            found = re.match(r"FROM (\S+) AS (\w+)$", line)
            assert found, f"every FROM names its stage: {line}"
            current = found.group(2)
            stages[current] = [line]
        elif line and not line.startswith("#"):
            assert current, f"instruction before FROM: {line}"
            stages[current].append(line)
    return stages


def test_make_hub_and_the_values_load_the_same_config_file(values):
    make = (REPO / "Makefile").read_text()
    assert re.search(rf"jupyterhub -f {re.escape(CONFIG)}\b", make)
    loaded = values["hub"]["extraConfig"]["cpt97530"]
    assert f'load_subconfig("/srv/cpt97530/{CONFIG}")' in loaded


def test_both_images_install_the_hub_extras_that_make_hub_installs():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    # The images serve JupyterLab and Voila: [hub] brings the full toolkit with it.
    assert {re.split(r"[<>=]", p)[0] for p in extras["hub"]} == {
        "cpt97530-toolkit[full]",
        "jupyterhub",
        "jupyterhub-firstuseauthenticator",
        "jupyterhub-idle-culler",
        "sqlalchemy",
        "psycopg[binary]",
        "confusable-homoglyphs",
    }
    stages = dockerfile_stages()
    assert set(stages) == {"course", "singleuser", "hub"}
    for name in ("singleuser", "hub"):
        lines = stages[name]
        assert any(x.startswith("COPY") and x.endswith("/srv/cpt97530") for x in lines), name
        assert any('pip install --no-cache-dir "/srv/cpt97530[hub]"' in x for x in lines), name
    assert "k8s-hub" in stages["hub"][0]


def test_images_named_in_values_are_the_dockerfile_targets(values):
    assert values["hub"]["image"]["name"].endswith("cpt97530-hub")
    assert values["singleuser"]["image"]["name"].endswith("cpt97530-singleuser")


def test_class_folder_dashboard_port_and_culler_match_the_config(values):
    class_dir = values["hub"]["extraEnv"]["CPT97530_CLASS_DIR"]
    assert {m["mountPath"] for m in values["hub"]["extraVolumeMounts"]} == {class_dir}
    learner_mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert all(m["mountPath"].startswith(class_dir + "/") for m in learner_mounts)
    assert {m["name"] for m in learner_mounts} == {
        v["name"] for v in values["singleuser"]["storage"]["extraVolumes"]
    }
    assert [p["port"] for p in values["hub"]["service"]["extraPorts"]] == [8181, 8182]
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == int(values["hub"]["extraEnv"]["CPT97530_IDLE_SECONDS"])
    # The mode file reaches a learner's pod through its folder, read-only: never a mount of
    # the file itself (the dashboard rewrites it by rename, which such a mount never shows).
    from toolkit.course.class_folder import settings_path

    settings = settings_path(class_dir)
    mounted = [m for m in learner_mounts if Path(m["mountPath"]) in (settings, settings.parent)]
    assert [(m["mountPath"], m["subPath"], m.get("readOnly")) for m in mounted] == [
        (str(settings.parent), str(settings.parent.relative_to(class_dir)), True)
    ]
    assert all(
        Path(m["mountPath"]).relative_to(class_dir).as_posix() == m["subPath"]
        for m in learner_mounts
    )
    copy = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert copy[:3] == ["python", "-m", "toolkit.course.course_copy"]


def test_the_config_loaded_as_on_kubernetes(values, tmp_path, monkeypatch):
    """Run deploy/jupyterhub_config.py as the hub pod would: KubeSpawner is left to the
    chart, the dashboard listens where the values open a port, the culler is the chart's."""
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    for key, value in values["hub"]["extraEnv"].items():
        monkeypatch.setenv(key, str(value))
    monkeypatch.setenv("CPT97530_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    c = Config()
    exec(compile((REPO / CONFIG).read_text(), CONFIG, "exec"), {"get_config": lambda: c})
    assert "spawner_class" not in c.JupyterHub and "ClassroomSpawner" not in c
    assert (
        c.JupyterHub.authenticator_class == "toolkit.classroom.authenticator.ClassroomAuthenticator"
    )
    # Instructors are not hub admins: a role gives them the dashboard (issue 20).
    assert c.ClassroomAuthenticator.instructors == {"ina-teach"}
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["class-instructor"]["users"] == ["ina-teach"]
    assert "access:servers" not in roles["class-instructor"]["scopes"]
    services = {s["name"]: s for s in c.JupyterHub.services}
    # the chart's culler is its own service
    assert set(services) == {"class-dashboard", "cpt97530-grading"}
    assert services["cpt97530-grading"]["url"] == "http://hub:8182"
    assert "user" not in services["cpt97530-grading"]  # the hub pod's own account
    assert services["class-dashboard"]["url"] == "http://hub:8181"
    assert services["class-dashboard"]["environment"]["CPT97530_DASHBOARD_BIND"] == "0.0.0.0"
    assert c.Spawner.default_url == values["singleuser"]["defaultUrl"]
    environment = dict(c.Spawner.environment)
    # [issue 22] course mode per user as each server starts: instructors get all of Lab
    course_mode = environment.pop("CPT97530_COURSE_MODE")
    for name, mode in (("ina-teach", "off"), ("alice-arden", "on")):
        assert course_mode(SimpleNamespace(user=SimpleNamespace(name=name))) == mode, name
    assert environment == {
        "CPT97530_CLASS_DIR": str(tmp_path / "class"),
        "CPT97530_GRADING_URL": "http://hub:8182/services/cpt97530-grading/",
    }
    assert f"--MappingKernelManager.cull_idle_timeout={values['cull']['timeout']}" in c.Spawner.args


@pytest.fixture
def open_tmp():
    """A folder other accounts can pass through (pytest's own are private; a learner runtime
    there would be refused, rightly)."""
    folder = Path(tempfile.mkdtemp(prefix="cpt97530-config-"))
    os.chmod(folder, 0o711)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def grading_account(monkeypatch):
    """The grading service's account the config makes: a name of this test's own, removed
    afterwards (never an account the test did not make)."""
    import pwd
    import subprocess

    name = f"cpt-gr-{os.urandom(4).hex()}"
    monkeypatch.setenv("CPT97530_GRADING_ACCOUNT", name)
    yield name
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", name], check=False, capture_output=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="make hub refuses to start unless run as root")
def test_the_config_loaded_as_by_make_hub(open_tmp, monkeypatch, grading_account):
    tmp_path = open_tmp
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("CPT97530_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.delenv("CPT97530_CLASS_DIR", raising=False)
    monkeypatch.setenv("CPT97530_HUB_UI", "voila")
    monkeypatch.setenv("CPT97530_IDLE_SECONDS", "1800")
    c = Config()
    exec(compile((REPO / CONFIG).read_text(), CONFIG, "exec"), {"get_config": lambda: c})
    assert c.JupyterHub.spawner_class == "toolkit.classroom.spawner.ClassroomSpawner"
    assert c.Spawner.default_url.startswith("/voila/render/notebooks/01_start_here")
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert "--timeout=1800" in culler["command"]
    # Kernels follow the same idle time and check interval as servers.
    assert "--cull-every=300" in culler["command"]
    assert {
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=300",
    } <= set(c.Spawner.args)
    # Voila mode: JupyterLab and terminals are off in the learner's server.
    assert any(
        "jpserver_extensions" in a
        and '"jupyterlab": False' in a
        and '"jupyter_server_terminals": False' in a
        for a in c.Spawner.args
    )
    assert c.JupyterHub.db_url.endswith(str(tmp_path / "state" / "jupyterhub.sqlite"))
    assert (tmp_path / "state" / "class" / "settings" / "class-settings.json").is_file()
    # The grading service runs as its own account (not root), the only reader of its bank.
    grading = next(s for s in c.JupyterHub.services if s["name"] == "cpt97530-grading")
    assert grading["user"] == grading_account
    assert (tmp_path / "state" / "grading").stat().st_mode & 0o777 == 0o700
    # Learners' servers run in a Python their own accounts can run; the hub's database is its own.
    from toolkit.classroom.learner_runtime import others_can_run

    assert others_can_run(c.ClassroomSpawner.cmd[0]) and c.ClassroomSpawner.cmd[1:] == [
        "-m",
        "jupyterhub.singleuser",
    ]
    assert (tmp_path / "state" / "jupyterhub.sqlite").stat().st_mode & 0o777 == 0o600


def test_a_wrong_setting_stops_the_hub_with_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setenv("CPT97530_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("CPT97530_MEM_LIMIT", "one gigabyte")
    with pytest.raises(SystemExit) as stopped:
        exec(compile((REPO / CONFIG).read_text(), CONFIG, "exec"), {"get_config": Config})
    assert str(stopped.value).startswith("make hub: CPT97530_MEM_LIMIT must be a size such as 1G")
    assert not (tmp_path / "state").exists()  # stopped before anything was made


def test_the_learners_image_holds_no_exercise_bank():
    """Issue 19: the singleuser image is built from a stage that removed solutions/; no
    layer of it copies the checkout itself, and nothing points it at a bank."""
    stages = {name: "\n".join(lines) for name, lines in dockerfile_stages().items()}
    assert "rm -rf /srv/cpt97530/solutions" in stages["course"]
    learner = stages["singleuser"]
    assert "COPY --from=course " in learner and "COPY . " not in learner
    assert "solutions" not in learner
