from django.conf import settings


def site(request):
    return {
        "SITE_NAME": "innerchild",
        "DEBUG": settings.DEBUG,
        "MAX_REQUEST_BYTES": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    }
