from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views import defaults
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from timeline import api as timeline_api
from timeline import api_reads

SWAGGER_UI_CSP = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
}

router = DefaultRouter()
router.register("claims", timeline_api.ClaimViewSet, basename="claim")
router.register("issues", timeline_api.IssueViewSet, basename="issue")
router.register("actors", timeline_api.ActorViewSet, basename="actor")
router.register("outlets", api_reads.OutletViewSet, basename="outlet")
router.register("articles", api_reads.ArticleViewSet, basename="article")
router.register("evidence", api_reads.EvidenceViewSet, basename="evidence")
router.register("deadlines", api_reads.DeadlineViewSet, basename="deadline")
router.register("timeline/buckets", api_reads.BucketViewSet, basename="bucket")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="timeline:index", permanent=False)),
    path("timeline/", include("timeline.urls")),
    path("review/", include("claims.urls")),
    path("feeds/", include("curation.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", include("apitokens.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        # Swagger UI (vendored by the sidecar) needs its inline bootstrap script and styles.
        csp_replace(SWAGGER_UI_CSP)(SpectacularSwaggerView.as_view(url_name="schema")),
        name="api-docs",
    ),
]


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An address under /api/ that no route matches (`/api/v1/claims/abc/`) is answered in
    the API's own error shape, as its schema documents, not with the site's HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found

if settings.RONTEN_SERVE_DEMO:
    # The demo site from the app itself: its links stay valid across restarts of `make run`.
    urlpatterns.append(path("demo/site/", include("demo.urls")))
