"""Serve the browser version of the course (build/lite/, from `make lite`) on loopback as a
static host does: every file with the cache headers GitHub Pages sends (fresh for 10 minutes,
then checked with If-Modified-Since), so a reload takes Pyodide, the wheels and the compiled
WebAssembly from the browser's cache instead of the network. `python -m http.server` sends no
Cache-Control, and a browser then checks every file again at each load.

    python scripts/serve_lite.py [--port 8000] [--site build/lite]
"""

from __future__ import annotations

import argparse
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends for every file


class StaticHost(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # one line per file of a 600-file site says nothing useful


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", nargs="?", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--site", type=Path, default=REPO / "build" / "lite")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"serve_lite: no site in {args.site}: run `make lite` first", file=sys.stderr)
        return 2
    handler = functools.partial(StaticHost, directory=str(args.site))
    with ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"serving {args.site} on http://{args.bind}:{args.port}/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
