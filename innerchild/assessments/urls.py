from django.urls import path

from innerchild.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("attempt/<uuid:attempt_id>/", views.resume, name="resume"),
    path("attempt/<uuid:attempt_id>/item/<int:number>/", views.question, name="question"),
    path("attempt/<uuid:attempt_id>/result/", views.result, name="result"),
    path("attempt/<uuid:attempt_id>/discard/", views.discard, name="discard"),
    path("<slug:instrument_id>/", views.intro, name="intro"),
    path("<slug:instrument_id>/history/", views.history, name="history"),
]
