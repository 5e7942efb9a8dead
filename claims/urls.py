from django.urls import path

from claims import views

app_name = "review"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("summary/", views.inbox_summary, name="summary"),
    path("bulk/", views.bulk, name="bulk"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/merge/", views.merge_group, name="merge-group"),
    path("duplicates/distinct/", views.mark_distinct, name="mark-distinct"),
    path("articles/<int:article_id>/", views.article_reader, name="article"),
    path("articles/<int:article_id>/claims/", views.create_from_selection, name="select"),
    path("articles/<int:article_id>/evidence/", views.attach, name="attach"),
    path("evidence/<int:evidence_id>/remove/", views.remove_evidence, name="remove-evidence"),
    path("evidence/<int:evidence_id>/repair/", views.repair_anchor, name="repair-anchor"),
    path("evidence/<int:evidence_id>/split/", views.split, name="split"),
    path("claims/search/", views.picker, name="picker"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("claims/<int:claim_id>/approve/", views.approve, name="approve"),
    path("claims/<int:claim_id>/reject/", views.reject, name="reject"),
    path("claims/<int:claim_id>/reopen/", views.reopen, name="reopen"),
    path("claims/<int:claim_id>/undo/", views.undo, name="undo"),
    path("claims/<int:claim_id>/edit/", views.edit, name="edit"),
    path("claims/<int:claim_id>/card/", views.card, name="card"),
    path("claims/<int:claim_id>/date-reading/", views.date_reading, name="date-reading"),
    path("lexicon/", views.lexicon_picker, name="lexicon"),
    path("claims/<int:claim_id>/merge/", views.merge, name="merge"),
    path("claims/<int:claim_id>/unmerge/", views.unmerge, name="unmerge"),
    path("claims/<int:claim_id>/revert/", views.revert, name="revert"),
]
