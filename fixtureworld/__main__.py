"""CLI for the demo: ``python -m fixtureworld serve --config-out PATH --database-url URL``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from fixtureworld.world import FixtureWorld


def _serve(args: argparse.Namespace) -> int:
    world = FixtureWorld(slow_seconds=args.slow_seconds, scale=args.scale, host=args.host)
    world.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        config = world.config_toml(database_url=args.database_url)
        Path(args.config_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.config_out).write_text(config, encoding="utf-8")
        for name in world.outlets:
            print(f"{name:13s} {world.base_url(name)}/", flush=True)
        print(f"config written to {args.config_out}; Ctrl-C to stop", flush=True)
        if args.ready_file:
            # Written last, so a Makefile waiting on it knows the config exists too.
            Path(args.ready_file).write_text(
                "\n".join(f"{n}={world.base_url(n)}" for n in world.outlets) + "\n",
                encoding="utf-8",
            )
        stop.wait()
    finally:
        world.stop()
        if args.ready_file:
            Path(args.ready_file).unlink(missing_ok=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fixtureworld")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the fixture world until SIGTERM/SIGINT")
    serve.add_argument("--config-out", required=True, help="where to write the newsmon TOML")
    serve.add_argument("--database-url", default="sqlite:///data/newsmon.db")
    serve.add_argument("--scale", type=int, default=0, help="synthetic articles per outlet")
    serve.add_argument("--slow-seconds", type=float, default=5.0)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--ready-file", help="written once the outlets are listening")
    args = parser.parse_args(argv)
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
