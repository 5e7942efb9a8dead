from django.urls import path

from curation import views

app_name = "curation"
urlpatterns = [
    path("", views.feed_list, name="feeds"),
    path("ingest/", views.ingest, name="ingest"),
    path("add/", views.add_feed, name="add"),
    path("<int:feed_id>/", views.feed_detail, name="feed"),
    path("<int:feed_id>/poll/", views.poll_now, name="poll"),
    path("<int:feed_id>/poll/progress/", views.poll_progress, name="poll-progress"),
]
