"""The rooms' import order (README, Layout) holds: the import-linter contracts of pyproject.toml pass, as
`make lint` runs them; here so that CI, which runs the tests, refuses a change that breaks them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_run_one_way_between_the_rooms():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 broken" in result.stdout
