from django.urls import path

from innerchild.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
]
