"""environment.yml (for conda users) pins exactly what pyproject.toml pins."""

import tomllib

import yaml

from conftest import PROJECT_ROOT


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pinned = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    listed = {entry for entry in pip_section if not entry.startswith("-e")}
    assert listed == pinned
    assert all("==" in requirement for requirement in pinned), "pin every dependency exactly"
