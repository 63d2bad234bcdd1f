from django.urls import path

from innerchild.journal.views import entries, importing, practices

app_name = "journal"
urlpatterns = [
    path("", entries.index, name="index"),
    path("search/", entries.search_journal, name="search"),
    path("new/", entries.new_entry, name="new"),
    path("dialogue/new/", entries.new_dialogue, name="new_dialogue"),
    path("trigger/new/", entries.new_trigger, name="new_trigger"),
    path("entries/<uuid:entry_id>/", entries.entry_detail, name="entry"),
    path("entries/<uuid:entry_id>/edit/", entries.edit_entry, name="edit"),
    path("entries/<uuid:entry_id>/delete/", entries.delete_entry, name="delete"),
    path("drafts/save/", entries.save_draft, name="save_draft"),
    path("drafts/discard/", entries.discard_draft, name="discard_draft"),
    path("prompts/", practices.prompt_library, name="prompts"),
    path("triggers/", practices.triggers, name="triggers"),
    path("affirmations/", practices.affirmations, name="affirmations"),
    path(
        "affirmations/<int:affirmation_id>/delete/",
        practices.delete_affirmation,
        name="delete_affirmation",
    ),
    path("import/", importing.import_journal, name="import"),
    path("import/<uuid:upload_id>/", importing.import_result, name="import_result"),
    path("younger-self/", practices.younger_self, name="younger_self"),
    path("younger-self/photo/", practices.upload_photo, name="upload_photo"),
    path("younger-self/photo/remove/", practices.remove_photo, name="remove_photo"),
    path(
        "younger-self/photo/<uuid:profile_id>/",
        practices.younger_self_photo,
        name="younger_self_photo",
    ),
]
