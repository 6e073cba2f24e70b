from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "voters"
    verbose_name = _("Voters and opinions")

    def ready(self):
        post_migrate.connect(seed_categories, sender=self)


def seed_categories(sender, apps=None, **kwargs):
    """An empty category table gets the default categories again. The data migration seeds them once; a
    flush (tests on a live server) empties every table and replays only post_migrate, not migrations."""
    from importlib import import_module

    try:
        Category = (apps or sender.apps).get_model("voters", "Category")
    except LookupError:  # migrated back to before the table existed
        return
    if not Category.objects.exists():
        import_module("voters.migrations.0002_seed_categories").seed(apps or sender.apps, None)
