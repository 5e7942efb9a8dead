from django.urls import path

from timeline import views

app_name = "timeline"
urlpatterns = [
    path("", views.timeline, name="index"),
    path("export.csv", views.export_csv, name="export"),
]
