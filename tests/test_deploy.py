"""The deployment files agree with each other: the compose file's services, the nginx upstreams, the image.
(docker is not available where the tests run: the compose file is checked, not started; the nginx file is run
for real by tests/test_browser_servers.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_every_app_server_is_behind_nginx_and_shares_the_database() -> None:
    services = compose()["services"]
    apps = sorted(name for name in services if name.startswith("app"))
    assert apps == ["app1", "app2"]
    upstream = re.findall(r"^\s*server (\S+):8501;$", (ROOT / "deploy" / "nginx.conf").read_text(), re.MULTILINE)
    assert upstream == apps
    urls = {services[a]["environment"]["EXPLORER_POLL_DB"] for a in apps}
    assert urls == {"postgresql://explorer:${EXPLORER_DB_PASSWORD:?set EXPLORER_DB_PASSWORD}@db:5432/explorer"}
    assert services["db"]["environment"]["POSTGRES_USER"] == "explorer"
    assert services["db"]["environment"]["POSTGRES_DB"] == "explorer"
    assert services["nginx"]["volumes"] == ["./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
    assert services["nginx"]["depends_on"] == apps


def test_the_image_serves_the_app_on_the_port_nginx_uses() -> None:
    build = compose()["services"]["app1"]["build"]
    dockerfile = (ROOT / build["dockerfile"]).read_text(encoding="utf-8")
    assert build["context"] == "."
    assert "--server.port=8501" in dockerfile and "--server.address=0.0.0.0" in dockerfile
    assert "COPY requirements.txt ." in dockerfile and "pip install --no-cache-dir -r requirements.txt" in dockerfile


def test_the_deployment_doc_shows_the_nginx_file_that_the_browser_test_runs() -> None:
    readme = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    shown = re.search(r"   ```nginx\n(.*?)\n   ```", readme, re.DOTALL).group(1)
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    lines = [line for line in conf.splitlines() if not line.lstrip().startswith("#")]
    assert [line.strip() for line in shown.splitlines() if line.strip()] == [line.strip() for line in lines if line.strip()]
