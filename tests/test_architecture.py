"""The engines' value types and the models' choices are one vocabulary."""

from __future__ import annotations

from pathlib import Path

from claims.extraction.records import Modality as EngineModality
from claims.extraction.records import Precision as EnginePrecision
from claims.models import DatePrecision, Modality


def test_engine_precisions_are_the_models_date_precisions() -> None:
    assert [p.value for p in EnginePrecision] == list(DatePrecision.values)


def test_engine_modalities_are_the_models_modalities() -> None:
    assert [m.value for m in EngineModality] == list(Modality.values)


def test_url_safety_is_checked_in_the_services_and_the_forms_only() -> None:
    """One SSRF check for an address given to us: the service that lets it in (and the form,
    for a field error), never a view or a command of its own."""
    root = Path(__file__).resolve().parent.parent
    allowed = {"curation/fetching", "curation/services", "curation/forms.py"}
    callers = {
        str(path.relative_to(root))
        for app in ("curation", "claims", "timeline", "apitokens", "config", "demo")
        for path in (root / app).rglob("*.py")
        if "check_url_safe(" in path.read_text(encoding="utf-8")
    }

    assert callers and all(caller.startswith(tuple(allowed)) for caller in callers), callers
