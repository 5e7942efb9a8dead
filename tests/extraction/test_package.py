import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from datetime import date
from claims.extraction import extract_claims
found = extract_claims("ナタリア・ガリバレンコ氏はトランプ氏と12日に会談した。", published=date(2025, 2, 13))
assert found and found[0].unknown_names == ("ナタリア・ガリバレンコ",), found
assert not [name for name in sys.modules if name.split(".")[0] == "django"]
"""


def test_engine_runs_without_django_and_without_deprecation_warnings():
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
