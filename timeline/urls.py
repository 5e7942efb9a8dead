from django.urls import path

from timeline import views

app_name = "timeline"
urlpatterns = [
    path("", views.timeline, name="index"),
    path("chart/", views.chart, name="chart"),
    path("export.<str:fmt>", views.export, name="export"),
]
