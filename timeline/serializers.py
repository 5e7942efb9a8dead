"""Shapes of the read API. Plain serializers: the list endpoint is hot."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class EventDateSerializer(serializers.Serializer):
    start = serializers.DateField(source="event_start", allow_null=True)
    end = serializers.DateField(source="event_end", allow_null=True)
    precision = serializers.CharField(source="date_precision")


class EvidenceSerializer(serializers.Serializer):
    outlet = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    via = serializers.SerializerMethodField(help_text="The aggregator page the quote was read on.")
    quote = serializers.CharField(source="exact")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    stance = serializers.CharField()

    def get_outlet(self, evidence) -> str | None:  # type: ignore[no-untyped-def]
        if evidence.citation_id:
            return evidence.citation.outlet_name
        outlet = evidence.article.outlet
        return outlet.name if outlet else None

    def get_url(self, evidence) -> str:  # type: ignore[no-untyped-def]
        if evidence.citation_id and evidence.citation.url:
            return evidence.citation.url
        return evidence.article.canonical_url

    def get_via(self, evidence) -> str | None:  # type: ignore[no-untyped-def]
        return evidence.article.canonical_url if evidence.citation_id else None


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    gloss_en = serializers.CharField()
    time_expression = serializers.CharField()
    event_date = EventDateSerializer(source="*")
    modality = serializers.CharField()
    issues = serializers.SerializerMethodField(help_text="Issue slugs.")
    actors = serializers.SerializerMethodField(help_text="Actor slugs.")
    evidence = EvidenceSerializer(many=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_issues(self, claim) -> list[str]:  # type: ignore[no-untyped-def]
        return [issue.slug for issue in claim.issues.all()]

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_actors(self, claim) -> list[str]:  # type: ignore[no-untyped-def]
        return [actor.slug for actor in claim.actors.all()]


class IssueSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_ja = serializers.CharField()
    name_en = serializers.CharField()


class ActorSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_ja = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
