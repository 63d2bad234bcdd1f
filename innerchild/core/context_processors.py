from django.conf import settings


def site(request):
    return {"SITE_NAME": "innerchild", "DEBUG": settings.DEBUG}
