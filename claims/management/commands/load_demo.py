"""Load the demo: serve demo/site/ locally, ingest it through the real pipeline, approve a few."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from claims import services
from claims.models import Claim, ReviewStatus
from curation import services as curation_services
from curation.management.commands._eager import tasks_in_process
from curation.models import Feed
from demo.links import repoint_demo_links
from demo.server import DemoSite
from demo.timeline_claims import load_timeline_demo

DEMO_FEED_TITLE = "Ronten demo feed"
DEMO_USERS = {
    # username: (password, group or None for a superuser)
    "editor": ("ronten-editor", "editor"),
    "analyst": ("ronten-analyst", "analyst"),
    "admin": ("ronten-admin", None),
}
APPROVE_PER_ARTICLE = 2


class Command(BaseCommand):
    help = "Ingest the demo pages through the real pipeline and approve a handful of claims."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Allow outside DEBUG mode.")
        parser.add_argument(
            "--base-url",
            default="",
            help="Where the app serves the demo site (e.g. http://127.0.0.1:8000/demo/site): "
            "the demo feed and source links are pointed there, so they outlive this command.",
        )

    def handle(self, *args: object, force: bool, base_url: str, **options: object) -> None:
        if not (settings.DEBUG or force):
            raise CommandError("load_demo creates users with known passwords: DEBUG or --force")
        editor = self._users()
        feed = Feed.objects.filter(title=DEMO_FEED_TITLE).first()
        if feed is not None:
            self.stdout.write("demo data already loaded")
            loaded_from = feed.url.rsplit("/", 1)[0]
        else:
            loaded_from = self._ingest()
            self._approve(editor)
        created = load_timeline_demo(editor)
        if created:
            self.stdout.write(f"added {created} timeline demo claim(s) of every date precision")
        if base_url:
            changed = repoint_demo_links(old_base=loaded_from, new_base=base_url)
            if changed:
                self.stdout.write(f"demo links now point at {base_url} ({changed} rows)")
        self.stdout.write(
            "Demo logins: " + ", ".join(f"{name} / {pw}" for name, (pw, _) in DEMO_USERS.items())
        )

    def _users(self) -> User:
        users: dict[str, User] = {}
        for username, (password, group) in DEMO_USERS.items():
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_staff = user.is_superuser = group is None
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users["editor"]

    def _ingest(self) -> str:
        with DemoSite() as site, tasks_in_process(True):
            # The demo site lives on loopback: let the SSRF guard through for this run only.
            settings.FETCH_ALLOWED_HOSTS = [*settings.FETCH_ALLOWED_HOSTS, "127.0.0.1"]
            settings.FETCH_POLITENESS_DELAY = 0.0
            feed = curation_services.create_feed(url=site.url("feed.xml"), title=DEMO_FEED_TITLE)
            run = curation_services.poll_feed(feed_id=feed.pk)
            if run is None or run.error:
                raise CommandError(f"demo feed could not be polled: {run.error if run else '?'}")
            Feed.objects.filter(pk=feed.pk).update(enabled=False)
            self.stdout.write(f"ingested {run.new_urls} demo page(s) from {site.base_url}")
            return site.base_url

    def _approve(self, editor: User) -> None:
        """Approve the most confident dated claims of each article, as a demo editor would."""
        candidates = (
            Claim.objects.candidates()
            .filter(event_start__isnull=False)
            .annotate(issue_count=Count("issues"))
            .filter(issue_count__gt=0)
            .order_by("evidence__article_id", "-confidence", "pk")
            .values_list("pk", "evidence__article_id")
        )
        per_article: dict[int, int] = {}
        approved = 0
        for claim_id, article_id in candidates:
            if per_article.get(article_id, 0) >= APPROVE_PER_ARTICLE:
                continue
            claim = Claim.objects.get(pk=claim_id)
            if claim.status != ReviewStatus.CANDIDATE:
                continue
            services.approve_claim(claim=claim, user=editor, expected_version=claim.version)
            per_article[article_id] = per_article.get(article_id, 0) + 1
            approved += 1
        self.stdout.write(f"approved {approved} demo claim(s); the rest wait in the review queue")
