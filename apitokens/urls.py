from django.urls import path

from apitokens import views

app_name = "apitokens"
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<str:token_key>/revoke/", views.revoke, name="revoke"),
]
