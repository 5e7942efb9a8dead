"""Shapes of the read API. Plain serializers: the list endpoint is hot."""

from typing import Any

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema_field,
)
from rest_framework import serializers

from claims.attribution import attribute_evidence
from claims.models import Claim, DatePrecision, Evidence, Modality, ReviewStatus
from curation.models import Outlet
from timeline.selectors import evidence_item

PRECISIONS = [("", "No date"), *DatePrecision.choices]
DEADLINE_PRECISIONS = [(DatePrecision.BEFORE, "Before"), (DatePrecision.DURATION, "Duration")]


class EventDateSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(source="event_start", allow_null=True)
    end = serializers.DateField(source="event_end", allow_null=True)
    precision = serializers.ChoiceField(source="date_precision", choices=PRECISIONS)


class EvidenceSerializer(serializers.Serializer[Any]):
    outlet = serializers.CharField(allow_null=True)
    url = serializers.URLField()
    via = serializers.URLField(
        allow_null=True, help_text="The aggregator page the quote was read on, if any."
    )
    quote = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)

    def to_representation(self, instance: Evidence) -> dict[str, Any]:
        return evidence_item(
            attribute_evidence(instance),
            quote=instance.exact,
            start=instance.start,
            end=instance.end,
            stance=instance.stance,
        )


class ClaimSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    gloss_en = serializers.CharField()
    time_expression = serializers.CharField()
    event_date = EventDateSerializer(source="*")
    modality = serializers.ChoiceField(choices=Modality.choices)
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    version = serializers.IntegerField(help_text="Send as If-Match (its ETag) when writing.")
    issues = serializers.SerializerMethodField(help_text="Issue slugs.")
    actors = serializers.SerializerMethodField(help_text="Actor slugs.")
    evidence = EvidenceSerializer(many=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_issues(self, claim: Claim) -> list[str]:
        return [issue.slug for issue in claim.issues.all()]

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_actors(self, claim: Claim) -> list[str]:
        return [actor.slug for actor in claim.actors.all()]


class IssueSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name_ja = serializers.CharField()
    name_en = serializers.CharField()


class ActorSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name_ja = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()


class TombstoneSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[
            (ReviewStatus.CANDIDATE, "Unpublished (back in review)"),
            (ReviewStatus.REJECTED, "Rejected"),
            (ReviewStatus.MERGED, "Merged into another claim"),
        ]
    )
    merged_into = serializers.IntegerField(
        allow_null=True, help_text="The claim that now holds its evidence, when merged."
    )
    updated_at = serializers.DateTimeField()


class ClaimPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    results = ClaimSerializer(many=True)
    removed = TombstoneSerializer(
        many=True, required=False, help_text="Sync only: claims to delete from your copy."
    )
    next_changed_since = serializers.DateTimeField(
        allow_null=True,
        required=False,
        help_text="Sync only, on the last page: the changed_since of your next sync.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class ConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    current_version = serializers.IntegerField(help_text="The claim's stored version.")


_VALIDATION = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="Bad input: each offending parameter or field with its messages.",
    examples=[
        OpenApiExample("unknown parameter", value={"ordering": ["Unknown query parameter."]}),
        OpenApiExample(
            "bad value",
            value={
                "issue": ["Select a valid choice. That choice is not one of the available choices."]
            },
        ),
    ],
)

ERROR_RESPONSES = {
    400: _VALIDATION,
    401: OpenApiResponse(
        ErrorSerializer,
        description="A token was sent but is not valid (revoked, expired or unknown).",
        examples=[OpenApiExample("bad token", value={"detail": "Invalid token."})],
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description="Not allowed for this account or token scope.",
        examples=[
            OpenApiExample(
                "read token",
                value={"detail": "This token has the read scope; writing needs a write token."},
            )
        ],
    ),
    404: OpenApiResponse(ErrorSerializer, description="No such object (or not published)."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
}

WRITE_ERROR_RESPONSES = {
    **ERROR_RESPONSES,
    409: OpenApiResponse(
        ErrorSerializer,
        description="The change is not possible in the claim's state (e.g. approving a merged "
        "claim, evidence it already has).",
        examples=[
            OpenApiExample("transition", value={"detail": "a merged claim cannot become approved"})
        ],
    ),
    412: OpenApiResponse(
        ConflictSerializer,
        description="If-Match names an older version: someone saved first. Nothing was changed.",
        examples=[
            OpenApiExample(
                "stale",
                value={"detail": "The claim changed since you read it.", "current_version": 4},
            )
        ],
    ),
    415: OpenApiResponse(
        ErrorSerializer,
        description="The body is not JSON, a form or multipart (its Content-Type is refused).",
    ),
    428: OpenApiResponse(ErrorSerializer, description="If-Match is required."),
}


# Writes ---------------------------------------------------------------------------------


class ClaimCreateSerializer(serializers.Serializer[Any]):
    article = serializers.IntegerField(help_text="The article the quote is in.")
    quote = serializers.CharField(
        required=False,
        help_text="The exact passage (its first occurrence is used); or give start and end.",
    )
    start = serializers.IntegerField(required=False, min_value=0)
    end = serializers.IntegerField(required=False, min_value=1)
    text = serializers.CharField(
        required=False, help_text="The claim as worded by the editor (default: extracted)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_span = "start" in attrs and "end" in attrs
        if "quote" not in attrs and not has_span:
            raise serializers.ValidationError("Give either quote, or start and end.")
        if "quote" in attrs and ("start" in attrs or "end" in attrs):
            raise serializers.ValidationError("Give either quote, or start and end, not both.")
        if has_span and attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError({"end": ["end must be after start."]})
        return attrs


class ClaimFromQuoteSerializer(serializers.Serializer[Any]):
    article = serializers.IntegerField(help_text="The article the quote is in.")
    quote = serializers.CharField(help_text="The exact passage (its first occurrence is used).")
    text = serializers.CharField(required=False, help_text="The claim as worded by the editor.")


class ClaimFromSpanSerializer(serializers.Serializer[Any]):
    article = serializers.IntegerField(help_text="The article the passage is in.")
    start = serializers.IntegerField(min_value=0, help_text="Offset in the article text.")
    end = serializers.IntegerField(min_value=1, help_text="Offset after the passage's end.")
    text = serializers.CharField(required=False, help_text="The claim as worded by the editor.")


# The schema of a create: a quote or a span, never both (ClaimCreateSerializer checks it).
CLAIM_CREATE_REQUEST = PolymorphicProxySerializer(
    component_name="ClaimCreate",
    serializers=[ClaimFromQuoteSerializer, ClaimFromSpanSerializer],
    resource_type_field_name=None,
)


class EventDateInputSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    precision = serializers.ChoiceField(choices=PRECISIONS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] and attrs["end"] and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": ["The end is before the start."]})
        return attrs


class ClaimEditSerializer(serializers.Serializer[Any]):
    """Fields left out keep their stored values."""

    text = serializers.CharField(required=False, max_length=5000)
    gloss_en = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    time_expression = serializers.CharField(required=False, allow_blank=True, max_length=100)
    event_date = EventDateInputSerializer(required=False)
    modality = serializers.ChoiceField(choices=Modality.choices, required=False)
    issues = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Issue slugs (replaces all)."
    )
    actors = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Actor slugs (replaces all)."
    )


class StatusChangeSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[
            (ReviewStatus.APPROVED, "Approve (publish)"),
            (ReviewStatus.REJECTED, "Reject"),
            (ReviewStatus.CANDIDATE, "Reopen (back to review)"),
        ]
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why a published claim is withdrawn (rejected or reopened): required then.",
    )


class EvidenceCreateSerializer(serializers.Serializer[Any]):
    article = serializers.IntegerField()
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=1)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, default="supports")


# More reads -----------------------------------------------------------------------------


class OutletSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    slug = serializers.CharField(help_text="May hold Japanese characters.")
    name = serializers.CharField()
    name_en = serializers.CharField()
    is_aggregator = serializers.BooleanField()
    domains = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_domains(self, outlet: Outlet) -> list[str]:
        return [domain.domain for domain in outlet.domains.all()]


class ArticleSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    url = serializers.URLField()
    title = serializers.CharField()
    byline = serializers.CharField()
    outlet = serializers.IntegerField(allow_null=True, help_text="Outlet id.")
    published_at = serializers.DateTimeField(allow_null=True)
    fetched_at = serializers.DateTimeField(allow_null=True)
    is_aggregator = serializers.BooleanField()
    encoding = serializers.CharField(help_text="The page's detected character encoding.")


class ArticlePageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    results = ArticleSerializer(many=True)


class EvidenceItemSerializer(EvidenceSerializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField()
    article = serializers.IntegerField()


class EvidencePageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    results = EvidenceItemSerializer(many=True)


class DeadlineSerializer(serializers.Serializer[Any]):
    claim = serializers.IntegerField()
    text = serializers.CharField()
    time_expression = serializers.CharField()
    precision = serializers.ChoiceField(choices=DEADLINE_PRECISIONS)
    start = serializers.DateField(allow_null=True)
    due = serializers.DateField()
    state = serializers.ChoiceField(choices=["open", "passed", "met"])
    issues = serializers.ListField(child=serializers.SlugField())
    related = serializers.ListField(
        child=serializers.IntegerField(), help_text="Claims sharing an issue, dated in its window."
    )


class BucketSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="First day of the day, week (Monday) or month.")
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Claims per issue slug."
    )


class BucketsSerializer(serializers.Serializer[Any]):
    by = serializers.ChoiceField(choices=["day", "week", "month"])
    buckets = BucketSerializer(many=True)
