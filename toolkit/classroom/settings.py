"""The classroom hub's settings, checked and given their defaults.

The raw values come from `toolkit.settings` (the one reader of the environment, and the
table of every variable); this module turns them into `HubSettings`, naming a wrong
variable in one clear message. Paths default to one state folder (`CPT97530_HUB_STATE`,
default `hub-state/` in the checkout) that holds the hub database, the cookie secret, the
password file, the learners' homes and the class folder, so a restart keeps everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from toolkit.errors import BillingInputError
from toolkit.settings import checkout, course_mode, course_source, value


def _seconds(name: str, default: int) -> int:
    raw = value(name)
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 60:
        raise BillingInputError(
            f"{name} must be a whole number of seconds, at least 60; got {raw!r}"
        )
    return int(raw)


def _port(name: str, default: int) -> int:
    raw = value(name) or str(default)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise BillingInputError(f"{name} must be a port number from 1 to 65535; got {raw!r}")
    return int(raw)


_BYTES = re.compile(r"^[1-9][0-9]*(\.[0-9]+)?[KMGT]?$")


def _mem_limit(raw: str) -> str:
    """JupyterHub's byte sizes: a number with K, M, G or T (1G, 512M, 1.5G)."""
    raw = raw.strip() or "1G"
    if not _BYTES.match(raw):
        raise BillingInputError(
            f"CPT97530_MEM_LIMIT must be a size such as 1G or 512M "
            f"(a number, then K, M, G or T); got {raw!r}"
        )
    return raw


def _names(raw: str) -> list[str]:
    return [part.strip() for part in raw.replace("\n", ",").split(",") if part.strip()]


@dataclass(frozen=True)
class HubSettings:
    state_dir: Path
    class_dir: Path
    instructors: tuple[str, ...]
    class_list: Path | None
    ui: str  # "lab" or "voila"
    idle_seconds: int  # idle servers and kernels are stopped after this long
    mem_limit: str  # per learner, where the spawner can enforce it
    port: int
    ip: str
    hub_api_port: int  # the hub's own API, on loopback
    proxy_api_port: int  # the proxy's API, on loopback
    dashboard_port: int  # the class dashboard service
    grading_port: int  # the grading service
    dashboard_url: str  # its own origin, where instructors open it
    instructors_open_servers: bool  # instructors may open learners' servers
    course_mode: bool  # learners see only the course (instructors always get all of Lab)
    prestart: bool  # with a class list, learners' servers start with the hub
    course_dir: Path  # holds notebooks/ and exercises/, copied to each learner
    proxy: str  # the configurable-http-proxy program

    @property
    def homes_dir(self) -> Path:
        return self.state_dir / "homes"

    @property
    def cull_every(self) -> int:
        """How often idle servers and kernels are looked for: every 5 minutes, or twice
        per idle time when that is shorter (so nothing idles much past its limit)."""
        return min(300, self.idle_seconds // 2)


def _state_dir() -> Path:
    named, root = value("CPT97530_HUB_STATE"), checkout()
    if not named and root is None:
        raise BillingInputError(
            "CPT97530_HUB_STATE must name the hub's state folder (an installed toolkit has no "
            "checkout to keep hub-state/ in)"
        )
    return Path(named or root / "hub-state").absolute()


def _proxy() -> str:
    """CPT97530_CHP, else the checkout's own (`make hub` installs it there), else on PATH."""
    root = checkout()
    if value("CPT97530_CHP") or root is None:
        return value("CPT97530_CHP") or "configurable-http-proxy"
    return str(root / "node_modules" / ".bin" / "configurable-http-proxy")


def public_host() -> str:
    """The host a browser uses for this machine's hub: HUB_IP, or 127.0.0.1 for 0.0.0.0."""
    ip = value("HUB_IP") or "127.0.0.1"
    return "127.0.0.1" if ip in ("0.0.0.0", "::") else ip


def _dashboard_url(hub_port: int) -> str:
    raw = value("CPT97530_DASHBOARD_URL").rstrip("/")
    if not raw:
        return f"http://{public_host()}:{_port('CPT97530_DASHBOARD_PORT', 8181)}"
    parts = urlparse(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
        raise BillingInputError(
            f"CPT97530_DASHBOARD_URL must be an origin such as http://teacher-pc.local:8181 "
            f"(no path); got {raw!r}"
        )
    if parts.port == hub_port and parts.hostname == public_host():
        raise BillingInputError("CPT97530_DASHBOARD_URL must not be the hub's own address")
    return raw


def hub_settings() -> HubSettings:
    """The settings now in force.

    Raises:
        BillingInputError: a variable holds a wrong value (the message names it), or a
            folder the hub needs cannot be found.
    """
    state = _state_dir()
    ui = (value("CPT97530_HUB_UI") or "lab").lower()
    if ui not in ("lab", "voila"):
        raise BillingInputError(f"CPT97530_HUB_UI must be lab or voila; got {ui!r}")
    port = _port("HUB_PORT", 8000)
    class_list = value("CPT97530_CLASS_LIST")
    if class_list and not Path(class_list).is_file():
        raise BillingInputError(f"CPT97530_CLASS_LIST names {class_list}, which is not a file")
    return HubSettings(
        state_dir=state,
        class_dir=Path(value("CPT97530_CLASS_DIR") or state / "class").absolute(),
        instructors=tuple(_names(value("CPT97530_INSTRUCTORS"))),
        class_list=Path(class_list).absolute() if class_list else None,
        ui=ui,
        idle_seconds=_seconds("CPT97530_IDLE_SECONDS", 3600),
        mem_limit=_mem_limit(value("CPT97530_MEM_LIMIT")),
        port=port,
        ip=value("HUB_IP") or "127.0.0.1",
        hub_api_port=_port("CPT97530_HUB_API_PORT", port + 1),
        proxy_api_port=_port("CPT97530_PROXY_API_PORT", port + 2),
        dashboard_port=_port("CPT97530_DASHBOARD_PORT", 8181),
        grading_port=_port("CPT97530_GRADING_PORT", 8182),
        dashboard_url=_dashboard_url(port),
        instructors_open_servers=value("CPT97530_INSTRUCTORS_OPEN_SERVERS") == "1",
        course_mode=course_mode(),
        prestart=value("CPT97530_PRESTART") != "0",
        course_dir=course_source().absolute(),
        proxy=_proxy(),
    )


def on_kubernetes() -> bool:
    """Zero to JupyterHub runs the hub in a pod (Kubernetes sets KUBERNETES_SERVICE_HOST)."""
    return bool(value("KUBERNETES_SERVICE_HOST"))


def read_class_list(path: Path) -> list[str]:
    """Names from the educator's file, one a line; blank lines and '# notes' are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BillingInputError(f"{path} is not a UTF-8 text file of names, one a line") from None
    return [
        line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()
    ]
