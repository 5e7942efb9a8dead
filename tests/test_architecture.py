"""The engines' value types and the models' choices are one vocabulary."""

from __future__ import annotations

from claims.extraction.records import Modality as EngineModality
from claims.extraction.records import Precision as EnginePrecision
from claims.models import DatePrecision, Modality


def test_engine_precisions_are_the_models_date_precisions() -> None:
    assert [p.value for p in EnginePrecision] == list(DatePrecision.values)


def test_engine_modalities_are_the_models_modalities() -> None:
    assert [m.value for m in EngineModality] == list(Modality.values)
