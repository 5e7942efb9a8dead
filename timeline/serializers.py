"""Shapes of the read API. Plain serializers: the list endpoint is hot."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from timeline.selectors import evidence_row


class EventDateSerializer(serializers.Serializer):
    start = serializers.DateField(source="event_start", allow_null=True)
    end = serializers.DateField(source="event_end", allow_null=True)
    precision = serializers.CharField(source="date_precision")


class EvidenceSerializer(serializers.Serializer):
    outlet = serializers.CharField(allow_null=True)
    url = serializers.URLField()
    via = serializers.URLField(
        allow_null=True, help_text="The aggregator page the quote was read on, if any."
    )
    quote = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    stance = serializers.CharField()

    def to_representation(self, instance):  # type: ignore[no-untyped-def]
        return evidence_row(
            {
                "exact": instance.exact,
                "start": instance.start,
                "end": instance.end,
                "stance": instance.stance,
                "article__canonical_url": instance.article.canonical_url,
                "article__outlet__name": instance.article.outlet.name
                if instance.article.outlet_id
                else None,
                "citation_id": instance.citation_id,
                "citation__outlet_name": instance.citation.outlet_name
                if instance.citation_id
                else None,
                "citation__url": instance.citation.url if instance.citation_id else None,
            }
        )


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
