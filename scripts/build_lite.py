"""Build the course as a static JupyterLite site in build/lite/ (`make lite`): nothing to install
for a learner, every file served from the site's own origin.

Only the package registries are used (PyPI through pip and uv, npm through `npm pack`), at the
pinned versions below. What can be kept between builds is kept in build/lite-cache/ (the build
environment, the Pyodide tarball, the browser wheels), keyed by the pins, so a second build only
redoes the site itself. `rm -rf build` starts from nothing.

The site: JupyterLite with the Pyodide kernel and ipywidgets, the course's lab settings
(jupyter-config/lab-settings) and run-on-open extension (toolkit/labextension), the lessons at
notebooks/ and the learner exercises at exercises/ (never solutions/ as files), a Pyodide lock
rebuilt from pure-Python wheels only, each served from static/pyodide/ and loaded at kernel
start, and no sourcemaps.

    python scripts/build_lite.py [--output build/lite]
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "build" / "lite-cache"

# The versions the spike of issue 23 found to work together (the kernel expects exactly this
# Pyodide). Changing one: rebuild and run tests/browser/test_lite_browser.py.
BUILD_PINS = [
    "jupyterlite-core==0.8.6",
    "jupyterlite-pyodide-kernel==0.8.6",
    "ipywidgets==8.1.9",  # its lab extension (jupyterlab_widgets) goes into the site
    "jupyterlab_widgets==3.0.17",
    "uv==0.13.9",
    "jupyter_server==2.21.1",  # JupyterLite indexes the course's files with it
]
PYODIDE = "314.0.6"  # npm package `pyodide`
PYODIDE_PLATFORM = ["--python-platform", "wasm32-pyodide2024", "--python-version", "3.14"]
# What the kernel imports in the browser (resolved by uv for Pyodide, pure-Python wheels only).
BROWSER_SPECS = [
    "micropip==0.11.1",
    "comm",
    "ipython",
    "jedi",
    "ipywidgets==8.1.9",
    "jupyterlab_widgets==3.0.17",
]
# Shipped with the kernel's lab extension (static/pypi): the kernel itself, and stand-ins for
# ipykernel and widgetsnbextension (the real ones are for a desktop Jupyter). Its piplite is
# replaced by a stand-in of ours (no_install_wheel).
KERNEL_WHEELS = ("pyodide_kernel", "ipykernel", "widgetsnbextension-4")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
# The run-on-open cell: the learner's store is on the browser's own disk (IndexedDB) before the
# lesson reads it (toolkit.course.in_browser). Hidden and locked like every course code cell.
READY_CELL = "from toolkit.course import in_browser\nawait in_browser.ready()"
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


def say(message: str) -> None:
    print(f"make lite: {message}", flush=True)


def run(*command: str | Path, log: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; with `log`, its output goes there and its tail is shown if it fails."""
    if log is None:
        return subprocess.run([str(c) for c in command], check=True, **kwargs)
    with open(log, "w", encoding="utf-8") as out:
        done = subprocess.run(
            [str(c) for c in command], stdout=out, stderr=subprocess.STDOUT, **kwargs
        )
    if done.returncode:
        print(log.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        raise subprocess.CalledProcessError(done.returncode, done.args)
    return done


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def build_env() -> Path:
    """A virtual environment with the pinned JupyterLite, kernel and uv (made once)."""
    env = CACHE / f"env-{_key(*BUILD_PINS)}"
    python = env / "bin" / "python"
    if (env / ".ready").is_file():
        return python
    say(f"build environment in {env.relative_to(REPO)}")
    for stale in CACHE.glob("env-*"):  # made for other pins
        shutil.rmtree(stale, ignore_errors=True)
    run(sys.executable, "-m", "venv", env)
    run(python, "-m", "pip", "install", "--quiet", *BUILD_PINS)
    (env / ".ready").touch()
    return python


def pyodide_dist() -> Path:
    """Pyodide's runtime files from npm (no package wheels in it: those come from PyPI)."""
    folder = CACHE / f"pyodide-{PYODIDE}"
    if (folder / ".ready").is_file():
        return folder
    say(f"Pyodide {PYODIDE} from npm")
    shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        run("npm", "pack", f"pyodide@{PYODIDE}", "--silent", cwd=tmp, stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("pyodide-*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        folder.mkdir(parents=True)
        for name in (*PYODIDE_FILES, "pyodide-lock.json"):
            shutil.copy2(Path(tmp) / "package" / name, folder / name)
    (folder / ".ready").touch()
    return folder


def browser_wheels(python: Path) -> Path:
    """The pure-Python wheels the kernel needs, resolved for Pyodide by uv, from PyPI."""
    folder = CACHE / f"wheels-{_key(*BUILD_PINS, *BROWSER_SPECS, PYODIDE)}"
    if (folder / ".ready").is_file():
        return folder
    say("browser wheels from PyPI")
    for stale in CACHE.glob("wheels-*"):  # resolved for other pins
        shutil.rmtree(stale, ignore_errors=True)
    folder.mkdir(parents=True)
    specs = folder / "specs.in"
    specs.write_text("\n".join(BROWSER_SPECS) + "\n", encoding="utf-8")
    uv = python.parent / "uv"
    pinned = run(
        uv,
        "pip",
        "compile",
        "--quiet",
        "--no-header",
        "--no-annotate",
        "--no-build",
        *PYODIDE_PLATFORM,
        specs,
        capture_output=True,
        text=True,
    ).stdout
    wanted = [
        line.strip()
        for line in pinned.splitlines()
        if line.strip() and not line.startswith("widgetsnbextension")  # the kernel's stand-in
    ]
    (folder / "pinned.txt").write_text("\n".join(wanted) + "\n", encoding="utf-8")
    # Pure-Python wheels only: a platform wheel (a Linux one) would break the kernel.
    run(
        python,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--platform",
        "any",
        "--implementation",
        "py",
        "--abi",
        "none",
        "--python-version",
        "3.14",
        "--dest",
        folder,
        *wanted,
    )
    (folder / ".ready").touch()
    return folder


def _kernel_pypi(python: Path) -> Path:
    site = run(
        python,
        "-c",
        "import sys; print(sys.prefix)",
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        Path(site) / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    )


def _project_version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def toolkit_wheel(folder: Path) -> Path:
    """The toolkit for the browser: its Python and reference data, and the practice keys.

    Why the keys: in the browser an exercise is graded on the spot (practice feedback), and
    practice shows every right answer and its explanation after a submit anyway. Nothing in
    solutions/ is shown as a file; the README says a learner can read what the site ships.
    The only dependency is ipywidgets: no pandas in Pyodide from PyPI (lesson 10 says so).
    """
    version = _project_version()
    files: dict[str, bytes] = {}
    for path in sorted((REPO / "toolkit").rglob("*")):
        relative = path.relative_to(REPO).as_posix()
        if (
            path.is_dir()
            or "__pycache__" in relative
            or relative.startswith("toolkit/labextension")
        ):
            continue
        if path.suffix in (".py", ".csv", ".toml", ".json"):
            files[relative] = path.read_bytes()
    files["cpt97530_practice_keys/__init__.py"] = (
        b'"""The exercise keys for practice feedback in the browser (see scripts/build_lite.py)."""\n'
    )
    for key in sorted((REPO / "solutions").glob("ex*.toml")):
        files[f"cpt97530_practice_keys/{key.name}"] = key.read_bytes()
    return write_wheel(
        folder,
        "cpt97530-toolkit",
        version,
        files,
        summary="the CPT 97530 course toolkit, for the browser (JupyterLite)",
        requires=["ipywidgets>=8.1"],
        top_level=["toolkit", "cpt97530_practice_keys"],
    )


def write_wheel(
    folder: Path,
    name: str,
    version: str,
    files: dict[str, bytes],
    *,
    summary: str,
    requires: list[str] = (),
    top_level: list[str] = (),
) -> Path:
    """A pure-Python wheel of `files` (path in the wheel -> bytes), with its metadata."""
    dist = f"{name.replace('-', '_')}-{version}"
    files = dict(files)
    files[f"{dist}.dist-info/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n"
        + "".join(f"Requires-Dist: {r}\n" for r in requires)
    ).encode()
    files[f"{dist}.dist-info/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: scripts/build_lite.py\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    files[f"{dist}.dist-info/top_level.txt"] = "".join(f"{t}\n" for t in top_level).encode()
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
        for path, data in files.items()
    ]
    files[f"{dist}.dist-info/RECORD"] = (
        "\n".join([*record, f"{dist}.dist-info/RECORD,,"]) + "\n"
    ).encode()
    wheel = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return wheel


def no_jedi_wheel(folder: Path) -> Path:
    """A stand-in for jedi (code completion): the kernel loads `jedi` at every start, and the
    real one is 5 MB whose unpacking took seconds of each page load. Learners do not write code
    here; IPython completes without it (its jedi matcher finds no module and gives nothing)."""
    return write_wheel(folder, "jedi", "0.0.0", {}, summary="no code completion in the browser")


# Pyodide puts "" (the working directory) first on sys.path. The kernel works in /drive, the
# site's files, where every stat is a round trip through the service worker to the page: each
# top-level import the kernel and a lesson make costs one (about 65 per lesson 4, seconds on a
# busy machine). Nothing of the course is imported from the lessons' folder.
CWD_ON_SYS_PATH = 'n.sys.path.insert(0,"")'


def no_cwd_on_sys_path(loader: Path) -> None:
    text = loader.read_text(encoding="utf-8")
    if text.count(CWD_ON_SYS_PATH) != 1:  # another Pyodide: look again at how it starts
        raise SystemExit(f"make lite: {loader.name} no longer has {CWD_ON_SYS_PATH!r}")
    loader.write_text(text.replace(CWD_ON_SYS_PATH, "void 0"), encoding="utf-8")


# Python files compiled once at build time, by the site's own Pyodide under Node (the bytecode
# must come from the very Python that runs it), instead of at every page load: Pyodide ships
# its standard library as sources only, and a kernel start imports hundreds of modules. The
# bytecode sits beside each source (a zip: foo.pyc by foo.py; a wheel: __pycache__), marked
# "unchecked" so nothing is compared at import time; the sources stay for tracebacks. Measured
# under Node on this machine: Python's start and lesson 4's imports took half the CPU time.
COMPILE_JS = """
import fs from "node:fs";
const [pyodide, ...archives] = process.argv.slice(2);
const { loadPyodide } = await import(pyodide);
const py = await loadPyodide({ indexURL: pyodide.replace(/[^/]*$/, "") });
py.runPython(process.env.COMPILE_PY);
for (const path of archives) {
    py.FS.writeFile("/tmp/archive", fs.readFileSync(path));
    py.globals.get("compile_archive")("/tmp/archive");
    fs.writeFileSync(path, py.FS.readFile("/tmp/archive"));
}
"""
COMPILE_PY = """
import importlib.util, marshal, sys, zipfile

def compile_archive(path):
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    names = {info.filename for info, _ in entries}
    wheel = any(n.endswith(".dist-info/RECORD") for n in names)  # else the standard library
    added = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if wheel and info.filename.endswith(".dist-info/RECORD"):
                record = (info, data)
                continue
            out.writestr(info, data)
            if not info.filename.endswith(".py") or "/tests/" in info.filename:
                continue
            try:
                code = compile(data, info.filename, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                continue  # left as a source (e.g. a template that is not Python)
            pyc = (importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little")
                   + importlib.util.source_hash(data) + marshal.dumps(code))
            folder, _, name = info.filename.rpartition("/")
            if wheel:
                cached = f"{folder + '/' if folder else ''}__pycache__/{name[:-3]}.{sys.implementation.cache_tag}.pyc"
            else:
                cached = info.filename + "c"  # zipimport reads foo.pyc beside foo.py
            if cached not in names:
                out.writestr(zipfile.ZipInfo(cached, info.date_time), pyc, zipfile.ZIP_DEFLATED)
                added.append(cached)
        if wheel:
            info, data = record
            out.writestr(info, data + "".join(f"{n},,\\n" for n in added).encode())
"""


def precompile(loader: Path, archives: list[Path]) -> None:
    """Python bytecode into the standard library's zip and into each wheel (see COMPILE_JS)."""
    say(f"compiling the Python of {len(archives)} archives for Pyodide")
    script = loader.parent / "compile.mjs"
    script.write_text(COMPILE_JS, encoding="utf-8")
    try:
        run(
            "node",
            script,
            loader,
            *archives,
            env={**os.environ, "COMPILE_PY": COMPILE_PY},
            log=CACHE / "compile.log",
        )
    finally:
        script.unlink()


NOTHING_TO_INSTALL = (
    "This course's browser version installs nothing: every package it uses is already here."
)


def no_install_wheel(folder: Path) -> Path:
    """A stand-in for piplite (the kernel's `%pip`, over micropip): the kernel imports it at
    every start, and with micropip and unittest.mock under it that was about a tenth of
    Python's start. Nothing is installed in this site (everything is in the lock), so `%pip`
    and piplite.install say so in one line."""
    message = repr(NOTHING_TO_INSTALL)
    files = {
        "piplite/__init__.py": (
            b'"""Nothing to install here (scripts/build_lite.py)."""\n\n'
            b"from .piplite import install  # noqa: F401\n"
        ),
        "piplite/piplite.py": (
            "_PIPLITE_URLS = []  # set by the kernel at its start, as for the real piplite\n"
            "_PIPLITE_DISABLE_PYPI = True\n\n\n"
            "async def install(*args, **kwargs):\n"
            f"    print({message})\n"
        ).encode(),
        "piplite/cli.py": (
            "async def get_transformed_code(argv):\n"  # what the kernel's %pip magic runs
            f"    return {('print(' + message + ')')!r}\n"
        ).encode(),
    }
    return write_wheel(
        folder, "piplite", "0.0.0", files, summary="nothing to install", top_level=["piplite"]
    )


def _wheel_entry(wheel: Path) -> dict:
    """One package of the Pyodide lock: served beside pyodide.mjs, checked by its sha256."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode("utf-8")
        top = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        if top:
            imports = archive.read(top[0]).decode().split()
        else:
            imports = sorted(
                {
                    n.split("/")[0].removesuffix(".py")
                    for n in names
                    if not n.split("/")[0].endswith((".dist-info", ".data"))
                    and (n.endswith(".py") or "/" in n)
                }
            )
    field = dict(re.findall(r"^(Name|Version): (.+)$", text, re.M))
    name = re.sub(r"[-_.]+", "-", field["Name"]).lower()
    return {
        "name": name,
        "version": field["Version"].strip(),
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": [i for i in imports if i.isidentifier()],
        # Every package is loaded at kernel start (loadPyodideOptions.packages): no order needed.
        "depends": [],
        "unvendored_tests": False,
    }


def stage_pyodide(stage: Path, python: Path) -> list[str]:
    """static/pyodide in the lite folder: the runtime, the wheels and their lock. Returns the
    package names to load at kernel start (all of them)."""
    target = stage / "static" / "pyodide"
    target.mkdir(parents=True)
    dist = pyodide_dist()
    for name in PYODIDE_FILES:
        shutil.copy2(dist / name, target / name)
    no_cwd_on_sys_path(target / "pyodide.mjs")
    # jedi and parso (its parser) replaced by a stand-in: see no_jedi_wheel.
    wheels = [
        w
        for w in browser_wheels(python).glob("*.whl")
        if not w.name.startswith(("jedi-", "parso-"))
    ]
    wheels.append(no_jedi_wheel(target))
    wheels.append(no_install_wheel(target))
    pypi = _kernel_pypi(python)
    for stem in KERNEL_WHEELS:
        (found,) = pypi.glob(f"{stem}*-py3-none-any.whl")
        wheels.append(found)
    wheels.append(toolkit_wheel(target))
    lock = json.loads((dist / "pyodide-lock.json").read_text(encoding="utf-8"))
    for wheel in wheels:
        if wheel.parent != target:
            shutil.copy2(wheel, target / wheel.name)
    precompile(
        dist / "pyodide.mjs", [target / "python_stdlib.zip", *(target / w.name for w in wheels)]
    )
    packages = {}
    for wheel in wheels:
        entry = _wheel_entry(target / wheel.name)
        packages[entry["name"]] = entry
    # Pyodide's own lock names wheels the site does not have (and some not on PyPI): only the
    # packages served here are listed, so nothing is ever fetched from a CDN.
    lock["packages"] = dict(sorted(packages.items()))
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
    return sorted(packages)


def _for_the_browser(notebook: dict) -> dict:
    """A course notebook as the site serves it: the Pyodide kernel, and the cell that opens the
    learner's store first (locked and hidden like the course's other code cells)."""
    notebook = copy.deepcopy(notebook)
    notebook["metadata"]["kernelspec"] = dict(PYODIDE_KERNELSPEC)
    cells = notebook["cells"]
    first = next((c for c in cells if c["cell_type"] == "code"), None)
    if first is not None:
        ready = copy.deepcopy(first)
        ready.update(id=f"{first.get('id', 'cell')}-browser", source=READY_CELL, outputs=[])
        ready["execution_count"] = None
        cells.insert(cells.index(first), ready)
    return notebook


def stage_contents(stage: Path) -> None:
    """The course's files: lessons at notebooks/, learner exercises at exercises/ (their JSON
    holds no keys), and the page to save or bring back one's progress."""
    contents = stage / "contents"
    for folder, pattern in (("notebooks", "[0-9][0-9]_*.ipynb"), ("exercises", "ex*.ipynb")):
        (contents / folder).mkdir(parents=True)
        for source in sorted((REPO / folder).glob(pattern)):
            notebook = json.loads(source.read_text(encoding="utf-8"))
            (contents / folder / source.name).write_text(
                json.dumps(_for_the_browser(notebook), indent=1), encoding="utf-8"
            )
    for source in sorted((REPO / "exercises").glob("ex*.json")):
        shutil.copy2(source, contents / "exercises" / source.name)
    shutil.copy2(REPO / "exercises" / "README.md", contents / "exercises" / "README.md")
    start = json.loads((REPO / "notebooks" / "01_start_here.ipynb").read_text(encoding="utf-8"))
    page = _progress_page(start)
    (contents / "my_progress.ipynb").write_text(json.dumps(page, indent=1), encoding="utf-8")


def _progress_page(template: dict) -> dict:
    code = next(c for c in template["cells"] if c["cell_type"] == "code")
    intro = {
        "cell_type": "markdown",
        "id": "progress-intro",
        "metadata": {},
        "source": (
            "# Your progress, as a file\n\n"
            "In this browser version of the course your answers, practice scores and exercise "
            "attempts are kept by this browser, on this computer. **Save them as a file** "
            "before you change computer or clear the browser's data, and **bring them back** "
            "here from that file."
        ),
    }
    cell = copy.deepcopy(code)
    cell.update(
        id="progress-file", source="from toolkit.widgets import progress_file\nprogress_file.show()"
    )
    return _for_the_browser(
        {
            "cells": [intro, cell],
            "metadata": copy.deepcopy(template["metadata"]),
            "nbformat": template["nbformat"],
            "nbformat_minor": template["nbformat_minor"],
        }
    )


def stage_lab(stage: Path, packages: list[str]) -> None:
    """The course's lab settings and extension, and the kernel's settings."""
    shutil.copy2(
        REPO / "jupyter-config" / "lab-settings" / "cpt97530.json", stage / "overrides.json"
    )
    extensions = stage / "extensions"  # JupyterLite takes prebuilt extensions from here
    shutil.copytree(
        REPO / "toolkit" / "labextension",
        extensions / "cpt97530-course",
        ignore=shutil.ignore_patterns("*.map"),
    )
    config = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "CPT 97530 course",
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            "litePluginSettings": {
                KERNEL_SETTINGS: {
                    # Never install from PyPI at run time: everything is in the lock.
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": packages},
                }
            },
        },
    }
    (stage / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")


START = "lab/index.html?path=notebooks/01_start_here.ipynb"


def build(output: Path) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    python = build_env()
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="stage-") as tmp:
        stage = Path(tmp)
        packages = stage_pyodide(stage, python)
        stage_contents(stage)
        stage_lab(stage, packages)
        say(f"building the site in {output}")
        shutil.rmtree(output, ignore_errors=True)
        # Only what is staged here: no extensions or settings from this machine's Jupyter.
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(stage / "jupyter"),
            "JUPYTER_DATA_DIR": str(stage / "jupyter"),
        }
        env.pop("JUPYTER_PATH", None)
        run(
            python.parent / "jupyter",
            "lite",
            "build",
            "--lite-dir",
            stage,
            "--output-dir",
            output,
            "--contents",
            stage / "contents",
            "--apps",
            "lab",
            "--no-sourcemaps",
            "--no-unused-shared-packages",
            f"--FederatedExtensionAddon.extra_labextensions_path={stage / 'extensions'}",
            cwd=stage,
            env=env,
            log=CACHE / "jupyter-lite-build.log",
        )
    for stale in (output / ".jupyterlite.doit.db", output / "api" / "translations"):
        if stale.is_file():
            stale.unlink()
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    say(f"done: {output} ({size / 1e6:.1f} MB); serve it, then open {START}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "build" / "lite")
    args = parser.parse_args()
    try:
        build(args.output.resolve())
    except subprocess.CalledProcessError as failed:
        print(
            f"make lite: {Path(str(failed.cmd[0])).name} failed (exit {failed.returncode})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
