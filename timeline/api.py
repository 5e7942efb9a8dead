"""The REST API under /api/v1/: HTTP only. Reads come from selectors and `timeline.sync`,
writes from `claims.services`, exactly as the browser's views call them."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from apitokens.models import ApiToken
from claims import services
from claims.models import Actor, Claim, Issue, ReviewStatus
from claims.selectors import get_claim_for_edit, require_curator
from config.roles import can_curate, can_read_candidates, can_read_published
from curation.models import Article
from timeline import conditional, published_cache, sync
from timeline.filters import TimelineFilter
from timeline.selectors import CLAIM_ROW_FIELDS, claim_rows, drf_datetime
from timeline.serializers import (
    CLAIM_CREATE_REQUEST,
    ERROR_RESPONSES,
    WRITE_ERROR_RESPONSES,
    ActorSerializer,
    ClaimCreateSerializer,
    ClaimEditSerializer,
    ClaimPageSerializer,
    ClaimSerializer,
    EvidenceCreateSerializer,
    IssueSerializer,
    StatusChangeSerializer,
)

API_ROW_FIELDS = (*CLAIM_ROW_FIELDS, "status", "version")
LIST_ROW_FIELDS = tuple(field for field in API_ROW_FIELDS if field != "updated_at")


# Schema ---------------------------------------------------------------------------------


class PageSchema(AutoSchema):
    """Lists answered with a page object (`next`, `results`, …), not a bare array: the list is
    still a list for its filter parameters, but its 200 body is the page serializer as is."""

    _building_response = False

    def _get_response_for_code(self, *args: Any, **kwargs: Any) -> Any:
        self._building_response = True
        try:
            # drf-spectacular's private hook is untyped (untyped_calls_exclude misses super()).
            return super()._get_response_for_code(*args, **kwargs)  # type: ignore[no-untyped-call]
        finally:
            self._building_response = False

    def _is_list_view(self, serializer: Any = None) -> bool:
        if self._building_response:
            return False
        return bool(super()._is_list_view(serializer))


BODY_ID = "$response.body#/id"  # the id of the claim (or article) answered
CLAIM_ETAG = "$response.header.ETag"
# Every answer that returns a claim (operationId: status code) leads on to it by its id, and
# to its writes with its ETag as If-Match: the edit-after-read the API asks of clients.
CLAIM_ANSWERS = {
    "v1_claims_create": "201",
    "v1_claims_retrieve": "200",
    "v1_claims_partial_update": "200",
    "v1_claims_status_create": "200",
    "v1_claims_evidence_create": "201",
}
CLAIM_LINKS = {
    "GetClaim": {
        "operationId": "v1_claims_retrieve",
        "parameters": {"path.id": BODY_ID},
        "description": "The claim again, as stored now.",
    },
    "EditClaim": {
        "operationId": "v1_claims_partial_update",
        "parameters": {"path.id": BODY_ID, "header.If-Match": CLAIM_ETAG},
        "description": "Edit this version of the claim.",
    },
    "ChangeClaimStatus": {
        "operationId": "v1_claims_status_create",
        "parameters": {"path.id": BODY_ID, "header.If-Match": CLAIM_ETAG},
        "description": "Approve, reject or reopen this version of the claim.",
    },
    "AttachEvidence": {
        "operationId": "v1_claims_evidence_create",
        "parameters": {"path.id": BODY_ID, "header.If-Match": CLAIM_ETAG},
        "description": "Attach evidence to this version of the claim.",
    },
}
ARTICLE_LINKS = {
    "QuoteArticle": {
        "operationId": "v1_claims_create",
        "requestBody": {"article": BODY_ID},
        "description": "Create a claim from a passage of this article.",
    },
}


def add_links(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """SPECTACULAR_SETTINGS' postprocessing hook: OpenAPI links from the answers above to the
    calls that follow them, for clients and for the stateful schemathesis test (which would
    otherwise send writes without If-Match)."""
    for path_item in result["paths"].values():
        for operation in path_item.values():
            if operation.get("operationId") == "v1_articles_retrieve":
                operation["responses"]["200"]["links"] = ARTICLE_LINKS
            code = CLAIM_ANSWERS.get(operation.get("operationId"))
            if code is not None:
                answer = operation["responses"][code]
                answer["links"] = CLAIM_LINKS
                answer["headers"] = {
                    "ETag": {
                        "schema": {"type": "string"},
                        "description": "The claim's version: send it as If-Match to write.",
                    }
                }
    return result


# Permissions -----------------------------------------------------------------------------


class ReadPublishedWriteCurated(BasePermission):
    """Reads follow RONTEN_PUBLIC_READ; writes need an editor (or admin) and, through a
    token, a token with the write scope."""

    message = "Reading needs an account with a Ronten role (RONTEN_PUBLIC_READ is off)."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return can_read_published(request.user)
        if isinstance(request.auth, ApiToken) and not request.auth.can_write:
            self.message = "This token has the read scope; writing needs a write token."
            return False
        self.message = "Writing needs an editor or admin account."
        return can_curate(request.user)


# Strict parameters -----------------------------------------------------------------------


class StrictQueryMixin:
    """Unknown query parameters are a 400 that names them, never a silently wider result."""

    allowed_params: frozenset[str] = frozenset()

    def check_query_params(self, request: Request) -> None:
        unknown = sorted(set(request.query_params) - self.allowed_params)
        if unknown:
            raise exceptions.ValidationError(
                {name: ["Unknown query parameter."] for name in unknown}
            )
        # No text column can hold a NUL byte: refused here, before any lookup reaches SQL.
        with_nul = sorted(
            name
            for name, values in request.query_params.lists()
            if any("\x00" in value for value in values)
        )
        if with_nul:
            raise exceptions.ValidationError(
                {name: ["Null characters are not allowed."] for name in with_nul}
            )

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.check_query_params(request)


def page_size(request: Request, default: int) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return default
    if not raw.isdecimal() or not 1 <= int(raw) <= sync.MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {"page_size": [f"Enter a whole number from 1 to {sync.MAX_PAGE_SIZE}."]}
        )
    return int(raw)


def decode_cursor(request: Request, kind: str) -> sync.Cursor | None:
    raw = request.query_params.get("cursor")
    if raw is None:
        return None
    try:
        return sync.Cursor.decode(raw, kind=kind)
    except sync.InvalidCursor as error:
        raise exceptions.ValidationError({"cursor": [str(error)]}) from error


def decode_id_cursor(request: Request) -> int | None:
    cursor = decode_cursor(request, "id")
    return None if cursor is None else int(cursor.key[1])


def page_link(request: Request, cursor: sync.Cursor | None) -> str | None:
    if cursor is None:
        return None
    params = request.query_params.copy()
    params["cursor"] = cursor.encode()
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


# Writes ----------------------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description='The claim\'s ETag (e.g. "claim-12-v3"), as last read.',
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The claim changed since you read it."


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the claim's ETag: writes never overwrite unseen changes."


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def expected_version(request: Request, claim_id: int) -> int:
    """The version an `If-Match` header names; a header naming no version of this claim
    matches nothing (412 with the stored version)."""
    header = request.headers.get("If-Match")
    if header is None:
        raise PreconditionRequired
    for part in header.split(","):
        tag = part.strip().removeprefix("W/").strip('"')
        prefix = f"claim-{claim_id}-v"
        if tag.startswith(prefix) and tag[len(prefix) :].isdecimal():
            return int(tag[len(prefix) :])
    return 0  # never a stored version: the service reports the conflict


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: the services' domain errors as HTTP, once for the
    whole API, with the statuses of the pages' `claims.middleware`. A stale version is a 412
    with the stored version (If-Match failed); a change the claim's state refuses a 409; a
    withdrawal without its reason, a passage outside the text or an unknown version a 400.
    Every 400 has the one documented shape, each offending field with a list of messages: a
    body that does not parse included, and nested fields named by their path (`flat_errors`)."""
    if isinstance(exc, services.ConflictError):
        current = exc.current
        response = Response(
            {
                "detail": "The claim changed since you read it; nothing was changed.",
                "current_version": current.version,
            },
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
        response["ETag"] = conditional.claim_etag(current.pk, current.version)
        return response
    if isinstance(exc, services.ReasonRequired):
        exc = exceptions.ValidationError({"reason": [str(exc)]})
    elif isinstance(exc, services.InvalidTransition | services.DuplicateEvidence):
        exc = Conflict(str(exc))
    elif isinstance(exc, services.InvalidSelection):
        exc = exceptions.ValidationError({"end": [str(exc)]})
    elif isinstance(exc, services.UnknownVersion):
        exc = exceptions.ValidationError({"detail": [str(exc)]})
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ValidationError({"detail": [str(exc.detail)]})
    if isinstance(exc, exceptions.ValidationError):
        exc.detail = flat_errors(exc.detail)
    return drf_exception_handler(exc, context)


def flat_errors(detail: Any, path: str = "") -> dict[str, Any]:
    """A validation error's detail on one level: a nested field by its dotted path
    (`event_date.end`, `issues.0`), with its messages; errors not tied to a field under
    `non_field_errors`, as serializers put them."""
    if isinstance(detail, dict):
        items = [(str(key), value) for key, value in detail.items()]
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        items = [(str(index), value) for index, value in enumerate(detail) if value]
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {path or api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in items:
        flat.update(flat_errors(value, f"{path}.{key}" if path else key))
    return flat


class ClaimWrites:
    """Editors' writes (write-scope tokens or a session): the browser's services and
    permission checks, optimistic locking by If-Match (domain errors: `exception_handler`)."""

    @extend_schema(
        summary="Create a claim from a quote",
        description="A new candidate claim anchored on a passage of an article (by `quote`, or "
        "`start`/`end` offsets in the article text), exactly as an editor selecting it in the "
        "reader. Needs a write token (or an editor's session).",
        request=CLAIM_CREATE_REQUEST,
        responses={201: ClaimSerializer, **WRITE_ERROR_RESPONSES},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ClaimCreateSerializer, request)
        editor = require_curator(request.user)
        article = Article.objects.filter(pk=data["article"]).first()
        if article is None:
            raise exceptions.ValidationError({"article": ["No such article."]})
        if "quote" in data:
            start = article.text.find(data["quote"])
            if start < 0:
                raise exceptions.ValidationError({"quote": ["Not found in the article text."]})
            end = start + len(data["quote"])
        else:
            start, end = data["start"], data["end"]
        claim = services.create_claim_from_selection(
            article=article, start=start, end=end, user=editor, text=data.get("text")
        )
        response = claim_response(claim.pk, code=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"/api/v1/claims/{claim.pk}/")
        return response

    @extend_schema(
        summary="Edit a claim",
        description="Change the claim's wording, date, modality, issues or actors; fields left "
        "out keep their values. `If-Match` must name the version you read: a stale one is a "
        "412 with the stored version, and nothing is changed.",
        request=ClaimEditSerializer,
        parameters=[IF_MATCH],
        responses={200: ClaimSerializer, **WRITE_ERROR_RESPONSES},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        editor = require_curator(request.user)
        claim = get_claim_for_edit(editor, int(kwargs["pk"]))
        version = expected_version(request, claim.pk)
        data = validated(ClaimEditSerializer, request)
        changed: dict[str, Any] = {
            field: data[field]
            for field in ("text", "gloss_en", "time_expression", "modality")
            if field in data
        }
        if "event_date" in data:
            date = data["event_date"]
            changed.update(
                event_start=date["start"], event_end=date["end"], date_precision=date["precision"]
            )
        for field, model, slugs in (
            ("issues", Issue, "issue_slugs"),
            ("actors", Actor, "actor_slugs"),
        ):
            if field in data:
                check_slugs(model, field, data[field])
                changed[slugs] = tuple(data[field])
        services.edit_claim(
            claim=claim,
            user=editor,
            expected_version=version,
            changes=services.ClaimChanges.of(claim, **changed),
        )
        return claim_response(claim.pk)

    @extend_schema(
        summary="Approve, reject or reopen a claim",
        request=StatusChangeSerializer,
        parameters=[IF_MATCH],
        responses={200: ClaimSerializer, **WRITE_ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, pk: str, format: str | None = None) -> Response:
        editor = require_curator(request.user)
        claim = get_claim_for_edit(editor, int(pk))
        version = expected_version(request, claim.pk)
        data = validated(StatusChangeSerializer, request)
        if data["status"] == ReviewStatus.APPROVED:
            services.approve_claim(claim=claim, user=editor, expected_version=version)
        elif data["status"] == ReviewStatus.REJECTED:
            services.reject_claim(
                claim=claim,
                user=editor,
                expected_version=version,
                reason=data.get("reason", ""),
            )
        else:
            services.reopen_claim(claim=claim, user=editor, expected_version=version)
        return claim_response(claim.pk)

    @extend_schema(
        summary="Attach evidence to a claim",
        description="Anchor a passage of an article (offsets in its text) as evidence.",
        request=EvidenceCreateSerializer,
        parameters=[IF_MATCH],
        responses={201: ClaimSerializer, **WRITE_ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="evidence")
    def attach_evidence(self, request: Request, pk: str, format: str | None = None) -> Response:
        editor = require_curator(request.user)
        claim = get_claim_for_edit(editor, int(pk))
        version = expected_version(request, claim.pk)
        data = validated(EvidenceCreateSerializer, request)
        article = Article.objects.filter(pk=data["article"]).first()
        if article is None:
            raise exceptions.ValidationError({"article": ["No such article."]})
        services.attach_evidence(
            claim=claim,
            article=article,
            start=data["start"],
            end=data["end"],
            stance=data["stance"],
            user=editor,
            expected_version=version,
        )
        return claim_response(claim.pk, code=status.HTTP_201_CREATED)


# Claims ----------------------------------------------------------------------------------

FILTER_PARAMS = frozenset(TimelineFilter.base_filters)
SYNC_PARAMS = frozenset({"changed_since", "cursor", "page_size"})

CLAIMS_LIST_DESCRIPTION = """\
Approved claims in timeline order (event date, then id; undated claims last), with their
issues, actors, dates and evidence. Pages are keyset pages: follow `next` (a `cursor`) until
it is null; there is no total count.

Editors, analysts and admins may ask for `status=candidate` (the review queue).

**Incremental sync:** `changed_since` (ISO 8601) lists, in update order, the approved claims
changed after that time in `results`, and in `removed` the claims that were unpublished,
rejected or merged since (with `merged_into`). On the last page, `next_changed_since` is the
value to send next time. Filters do not combine with `changed_since`.

Every answer carries an `ETag` and `Last-Modified`; send `If-None-Match` to get a 304.
"""


@extend_schema_view(
    list=extend_schema(
        summary="List approved claims",
        description=CLAIMS_LIST_DESCRIPTION,
        parameters=[
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From a `next` link."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 200 (default 50)."),
            OpenApiParameter(
                "changed_since",
                OpenApiTypes.DATETIME,
                description="Sync: changes after this time, with tombstones.",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=[ReviewStatus.APPROVED, ReviewStatus.CANDIDATE],
                description="`candidate` needs an editor, analyst or admin.",
            ),
        ],
        responses={200: ClaimPageSerializer, 304: None, **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One claim",
        description="An approved claim (any claim for editors, analysts and admins). Its "
        "`ETag` is its version: send it back in `If-Match` when changing the claim.",
        responses={200: ClaimSerializer, 304: None, **ERROR_RESPONSES},
    ),
)
class ClaimViewSet(ClaimWrites, StrictQueryMixin, viewsets.GenericViewSet[Claim]):
    schema = PageSchema()
    serializer_class = ClaimSerializer
    permission_classes = [ReadPublishedWriteCurated]
    filterset_class = TimelineFilter
    pagination_class = None
    queryset = Claim.objects.none()  # for the schema; reads go through the methods below
    lookup_value_regex = r"[0-9]+"
    allowed_params = FILTER_PARAMS | SYNC_PARAMS | {"status"}

    def check_query_params(self, request: Request) -> None:
        if self.action != "list":
            self.allowed_params = frozenset()
        super().check_query_params(request)

    # Reads ---------------------------------------------------------------------------

    def _status(self, request: Request) -> str:
        wanted = request.query_params.get("status", ReviewStatus.APPROVED)
        if wanted not in {ReviewStatus.APPROVED, ReviewStatus.CANDIDATE}:
            raise exceptions.ValidationError({"status": ["Choose approved or candidate."]})
        if wanted != ReviewStatus.APPROVED and not can_read_candidates(request.user):
            raise exceptions.PermissionDenied("Candidates are for editors, analysts and admins.")
        return wanted

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        wanted = self._status(request)
        size = page_size(request, default=50)
        if "changed_since" in request.query_params:
            return self._changes(request, size)
        cursor = decode_cursor(request, "timeline")
        stamp = conditional.claims_changed_at()
        etag = conditional.make_etag("claims", request.get_full_path(), wanted, stamp)
        if conditional.is_not_modified(request, etag, stamp):
            return conditional.not_modified(etag, stamp)
        renderer = request.accepted_renderer
        if renderer.format == "api":  # the browsable API's HTML differs by user (forms, login)
            body = self._page(request, wanted, cursor, size)
            return conditional.with_validators(Response(body), etag, stamp)
        # The page depends on the query, the status asked for (checked above), the host of its
        # `next` link and the format, never on who asks: rendered once per change of the
        # claims, and kept as the bytes sent (decoding a stored page costs more than a query).
        content = published_cache.rendered(
            "api-claims",
            (request.build_absolute_uri(), wanted, renderer.format),
            stamp,
            lambda: renderer.render(
                self._page(request, wanted, cursor, size),
                renderer.media_type,
                self.get_renderer_context(),
            ),
        )
        response = HttpResponse(content, content_type=renderer.media_type)
        return conditional.with_validators(response, etag, stamp)

    def _page(
        self, request: Request, wanted: str, cursor: sync.Cursor | None, size: int
    ) -> dict[str, Any]:
        rows: QuerySet[Any] = Claim.objects.filter(status=wanted)
        if not FILTER_PARAMS.isdisjoint(request.query_params):
            # Building the filter form costs as much as a query: only when one is asked for.
            rows = self.filter_queryset(rows)
        # Each row's update time as text, parsed here: Django's time-zone-aware loader parses
        # timestamps in Python at many times the cost (see conditional.parse_changed_at).
        rows = rows.values(*LIST_ROW_FIELDS, updated_text=Cast("updated_at", CharField()))
        page, next_cursor = sync.timeline_page(rows, after=cursor, size=size)
        for row in page:
            row["updated_at"] = conditional.parse_changed_at(row.pop("updated_text"))
        return {"next": page_link(request, next_cursor), "results": api_rows(page)}

    def _changes(self, request: Request, size: int) -> Response:
        used_filters = sorted(FILTER_PARAMS.intersection(request.query_params))
        if used_filters or "status" in request.query_params:
            raise exceptions.ValidationError(
                {
                    name: ["Does not combine with changed_since: a sync covers every claim."]
                    for name in used_filters or ["status"]
                }
            )
        try:
            since = sync.parse_changed_since(request.query_params["changed_since"])
        except ValueError as error:
            raise exceptions.ValidationError({"changed_since": [str(error)]}) from error
        cursor = decode_cursor(request, "sync")
        stamp = conditional.claims_changed_at()
        etag = conditional.make_etag("changes", request.get_full_path(), stamp)
        if conditional.is_not_modified(request, etag, stamp):
            return conditional.not_modified(etag, stamp)
        page, next_cursor, next_since = sync.changes_page(
            since=since, after=cursor, size=size, fields=API_ROW_FIELDS
        )
        published = [row for row in page if row["status"] == ReviewStatus.APPROVED]
        removed = [
            {
                "id": row["id"],
                "status": row["status"],
                "merged_into": row["merged_into_id"],
                "updated_at": drf_datetime(row["updated_at"]),
            }
            for row in page
            if row["status"] != ReviewStatus.APPROVED
        ]
        body = {
            "next": page_link(request, next_cursor),
            "results": api_rows(published),
            "removed": removed,
            "next_changed_since": None if next_cursor else drf_datetime(next_since),
        }
        return conditional.with_validators(Response(body), etag, stamp)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = (
            Claim.objects.filter(pk=int(kwargs["pk"]))
            .values_list("status", "version", "updated_at")
            .first()
        )
        if found is None:
            raise Http404
        claim_status, version, updated_at = found
        if claim_status != ReviewStatus.APPROVED and not can_read_candidates(request.user):
            raise Http404
        etag = conditional.claim_etag(int(kwargs["pk"]), version)
        if conditional.is_not_modified(request, etag, updated_at):
            return conditional.not_modified(etag, updated_at)
        return claim_response(int(kwargs["pk"]))


def validated(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def check_slugs(model: type[Issue] | type[Actor], field: str, slugs: list[str]) -> None:
    known = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    unknown = sorted(set(slugs) - known)
    if unknown:
        raise exceptions.ValidationError({field: [f"Unknown: {', '.join(unknown)}."]})


def api_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claim shape of these `.values(*API_ROW_FIELDS)` rows (two more queries)."""
    shaped = claim_rows(rows)
    for row, item in zip(rows, shaped, strict=True):
        item["status"] = row["status"]
        item["version"] = row["version"]
    return shaped


def claim_response(claim_id: int, *, code: int = status.HTTP_200_OK) -> Response:
    row = Claim.objects.filter(pk=claim_id).values(*API_ROW_FIELDS).get()
    (item,) = api_rows([row])
    etag = conditional.claim_etag(claim_id, row["version"])
    return conditional.with_validators(Response(item, status=code), etag, row["updated_at"])


# Vocabulary ------------------------------------------------------------------------------


class SmallListMixin(StrictQueryMixin):
    """Small tables: the whole list in one query, validated by a digest of its body."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        if request.method == "GET" and response.status_code == 200:
            etag = conditional.make_etag(request.get_full_path(), response.data)
            if conditional.is_not_modified(request, etag, None):
                response = conditional.not_modified(etag, None)
            else:
                conditional.with_validators(response, etag, None)
        # A mixin of API views: its super() is the view class, which mypy cannot see here.
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc,no-any-return]


@extend_schema_view(
    list=extend_schema(
        summary="List negotiation issues",
        description="The issue taxonomy.",
        responses={200: IssueSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One issue", responses={200: IssueSerializer, **ERROR_RESPONSES}
    ),
)
class IssueViewSet(SmallListMixin, viewsets.ReadOnlyModelViewSet[Issue]):
    serializer_class = IssueSerializer
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Issue.objects.order_by("slug")
    lookup_field = "slug"
    # Slugs only: anything else (a NUL byte, say) is a 404 before the database sees it.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    pagination_class = None
    filter_backends = ()


@extend_schema_view(
    list=extend_schema(
        summary="List actors",
        description="Canonical people and organisations.",
        responses={200: ActorSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One actor", responses={200: ActorSerializer, **ERROR_RESPONSES}
    ),
)
class ActorViewSet(SmallListMixin, viewsets.ReadOnlyModelViewSet[Actor]):
    serializer_class = ActorSerializer
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Actor.objects.order_by("slug")
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    pagination_class = None
    filter_backends = ()
