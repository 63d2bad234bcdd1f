from django.urls import path

from innerchild.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("preferences/", views.preferences, name="preferences"),
    path("scripts/<slug:script_id>/", views.script_detail, name="script"),
    path("scripts/<slug:script_id>/start/", views.start, name="start"),
    path("runs/<uuid:run_id>/", views.run_detail, name="run"),
    path("runs/<uuid:run_id>/<int:number>/", views.step, name="step"),
    path("runs/<uuid:run_id>/<int:number>/back/", views.back, name="back"),
    path("runs/<uuid:run_id>/<int:number>/stop/", views.stop, name="stop"),
    path(
        "runs/<uuid:run_id>/<int:number>/after-grounding/",
        views.after_grounding,
        name="after_grounding",
    ),
    path("runs/<uuid:run_id>/close/", views.close_gently, name="close"),
]
