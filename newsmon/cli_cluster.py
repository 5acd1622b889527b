"""``newsmon cluster``: deploy the project to the Scrapyd nodes. Registered in ``newsmon.cli``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from newsmon.cli_common import ConfigOption, fail, load_config_or_exit
from newsmon.console import out

cluster_app = typer.Typer(help="Crawls on Scrapyd nodes: deploy the project egg to every node.")

ProjectDir = Annotated[
    Path | None,
    typer.Option(help="Checkout holding scrapy.cfg (default: the one newsmon runs from)."),
]


def _project_dir(given: Path | None) -> Path:
    directory = given or Path(__file__).resolve().parent.parent
    if not (directory / "scrapy.cfg").is_file():
        raise fail(f"{directory}: no scrapy.cfg here (pass --project-dir of a newsmon checkout)")
    return directory


def build_egg(project_dir: Path, destination: Path) -> Path:
    """The project egg as ``scrapyd-deploy --build-egg`` builds it from scrapy.cfg."""
    deploy = shutil.which("scrapyd-deploy", path=str(Path(sys.executable).parent)) or shutil.which(
        "scrapyd-deploy"
    )
    if deploy is None:
        raise fail("scrapyd-deploy not found: pip install 'newsmon[cluster]'")
    done = subprocess.run(
        [deploy, "--build-egg", str(destination)],
        cwd=project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not destination.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise fail(f"building the egg failed: {detail[0]}")
    return destination


@cluster_app.command("deploy")
def deploy(
    config: ConfigOption = None,
    version: Annotated[
        str | None, typer.Option(help="Version name (default: the current Unix time).")
    ] = None,
    project_dir: ProjectDir = None,
) -> None:
    """Build the egg from scrapy.cfg and upload it (addversion.json) to every [cluster] node."""
    from newsmon.scheduler.scrapyd import NodePool, NodeRefused, NodeUnreachable, ScrapydNode

    settings = load_config_or_exit(config)
    if settings.cluster is None:
        raise fail("no [cluster] section in the config: nothing to deploy to")
    version = version or str(int(time.time()))
    with tempfile.TemporaryDirectory(prefix="newsmon-egg-") as tmp:
        egg = build_egg(_project_dir(project_dir), Path(tmp) / "newsmon.egg").read_bytes()

    def upload(node: ScrapydNode) -> str | None:
        try:
            node.add_version(version, egg)
            spiders = len(node.spiders())  # also makes the node cache the list for schedule.json
        except (NodeUnreachable, NodeRefused) as exc:
            return str(exc)
        out.print(f"{node.name}: version {version} deployed ({spiders} spider(s))", highlight=False)
        return None

    nodes = NodePool(settings.cluster).nodes
    with ThreadPoolExecutor(max_workers=len(nodes)) as pool:  # each node lists spiders first
        failed = [problem for problem in pool.map(upload, nodes) if problem]
    if failed:
        raise fail("; ".join(failed), code=1)
