"""The label vocabulary of the development set (tests/evalset/README.md explains each value)."""

PRECISIONS = frozenset(
    {"day", "month_part", "month", "year", "range", "before", "after", "duration"}
)
MODALITIES = frozenset({"asserted", "reported", "planned", "speculative", "denied"})
# Only these actors are labelled; an extractor may know more (its lexicon grows with the
# editors' work), and the scorer ignores those rather than count them as errors.
ACTORS = frozenset(
    {
        "trump", "putin", "zelensky", "kellogg", "witkoff", "rubio", "vance", "lavrov", "peskov",
        "waltz", "hegseth", "ushakov", "macron", "starmer", "merz", "erdogan",
        "white-house", "kremlin", "nato", "eu", "us", "russia", "ukraine", "europe", "germany",
        "saudi-arabia", "china", "uk", "france", "un",
    }
)  # fmt: skip
ISSUES = frozenset(
    {
        "security_guarantees", "territory", "ceasefire_monitoring", "sanctions_relief",
        "nato_membership", "minerals_deal", "peacekeeping", "elections", "prisoner_exchange",
        "energy_infrastructure", "negotiations_process",
    }
)  # fmt: skip
# The real set (tests/evalset_real) labels the officials who act in its excerpts as well.
REAL_ACTORS = ACTORS | frozenset(
    {
        "bessent", "dmitriev", "medinsky", "umerov", "yermak", "sybiha", "svyrydenko", "fidan",
        "gerasimov", "driscoll", "kushner", "turkey", "g7",
    }
)  # fmt: skip
