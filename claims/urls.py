from django.urls import path

from claims import views

app_name = "review"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("articles/<int:article_id>/", views.article_reader, name="article"),
    path("claims/<int:claim_id>/approve/", views.approve, name="approve"),
    path("claims/<int:claim_id>/reject/", views.reject, name="reject"),
    path("claims/<int:claim_id>/reopen/", views.reopen, name="reopen"),
    path("claims/<int:claim_id>/edit/", views.edit, name="edit"),
]
