"""The classroom's settings: defaults, and a clear message naming a wrong variable."""

import pytest

from toolkit.classroom.settings import hub_settings, read_class_list
from toolkit.errors import BillingInputError

VARS = (
    "CPT97530_HUB_STATE",
    "CPT97530_CLASS_DIR",
    "CPT97530_INSTRUCTORS",
    "CPT97530_CLASS_LIST",
    "CPT97530_HUB_UI",
    "CPT97530_IDLE_SECONDS",
    "CPT97530_MEM_LIMIT",
    "HUB_PORT",
    "HUB_IP",
    "CPT97530_HUB_API_PORT",
    "CPT97530_PROXY_API_PORT",
    "CPT97530_DASHBOARD_PORT",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in VARS:
        monkeypatch.delenv(name, raising=False)


def test_defaults_keep_everything_in_one_state_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HUB_STATE", str(tmp_path / "state"))
    s = hub_settings()
    assert (
        s.class_dir == tmp_path / "state" / "class" and s.homes_dir == tmp_path / "state" / "homes"
    )
    assert (s.port, s.ip, s.ui, s.idle_seconds, s.instructors, s.class_list) == (
        8000,
        "127.0.0.1",
        "lab",
        3600,
        (),
        None,
    )


def test_instructors_are_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("CPT97530_INSTRUCTORS", " Ina Teach, , Raj Rao ,")
    assert hub_settings().instructors == ("Ina Teach", "Raj Rao")


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("HUB_PORT", "eighty", "HUB_PORT must be a port number"),
        ("HUB_PORT", "70000", "HUB_PORT must be a port number"),
        ("CPT97530_HUB_UI", "notebook", "CPT97530_HUB_UI must be lab or voila"),
        ("CPT97530_IDLE_SECONDS", "5", "at least 60"),
        ("CPT97530_CLASS_LIST", "/no/such/list.txt", "is not a file"),
        ("CPT97530_MEM_LIMIT", "1 gig", "CPT97530_MEM_LIMIT must be a size such as 1G"),
        ("CPT97530_MEM_LIMIT", "-1G", "CPT97530_MEM_LIMIT must be a size"),
    ],
)
def test_a_wrong_setting_is_named_in_the_message(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(BillingInputError, match=words):
        hub_settings()


def test_class_list_skips_blank_lines_notes_and_a_bom(tmp_path):
    path = tmp_path / "class.txt"
    path.write_text("\ufeffAlice Arden\n\n# late joiners\nBob Baker  # row 2\n", encoding="utf-8")
    assert read_class_list(path) == ["Alice Arden", "Bob Baker"]


def test_a_class_list_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "class.xlsx"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00binary")
    with pytest.raises(BillingInputError, match="not a UTF-8 text file"):
        read_class_list(path)


def test_the_hub_and_proxy_apis_sit_beside_the_hub_port(monkeypatch):
    monkeypatch.setenv("HUB_PORT", "9000")
    s = hub_settings()
    assert (s.hub_api_port, s.proxy_api_port, s.dashboard_port) == (9001, 9002, 8181)
    monkeypatch.setenv("CPT97530_DASHBOARD_PORT", "0")
    with pytest.raises(BillingInputError, match="CPT97530_DASHBOARD_PORT must be a port number"):
        hub_settings()


@pytest.mark.parametrize("value", ["1G", "512M", "1.5G", "2048K"])
def test_a_memory_limit_in_jupyterhubs_sizes_is_kept(monkeypatch, value):
    monkeypatch.setenv("CPT97530_MEM_LIMIT", value)
    assert hub_settings().mem_limit == value


@pytest.mark.parametrize("idle, every", [("3600", 300), ("120", 60), ("600", 300)])
def test_idle_servers_and_kernels_are_looked_for_at_least_twice_per_idle_time(
    monkeypatch, idle, every
):
    monkeypatch.setenv("CPT97530_IDLE_SECONDS", idle)
    assert hub_settings().cull_every == every
