"""Childhood photos: checked by content, stripped of metadata, resized, then encrypted."""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRejected(ValueError):
    pass


def size_limit_message() -> str:
    return _("The photo is too large: the limit is %(limit)s MB.") % {
        "limit": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def prepare_photo(data: bytes) -> bytes:
    """A clean JPEG (no EXIF or other metadata, at most MAX_SIDE px) or PhotoRejected."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRejected(size_limit_message())
    not_an_image = _(
        "This file is not a photo we can read. Please choose a JPEG, PNG or WebP image."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise PhotoRejected(not_an_image)
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoRejected(_("The photo has too many pixels to process."))
                probe.verify()
            # verify() leaves the image unusable; open again to decode the pixels.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                clean = Image.new("RGB", image.size)
                clean.paste(image)
    except PhotoRejected:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise PhotoRejected(not_an_image) from None
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
