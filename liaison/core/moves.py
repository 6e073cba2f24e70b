"""Moving models between apps without touching their tables: what every such migration needs besides its
SeparateDatabaseAndState (liaison/migrations/0009 and the apps' 0001)."""

from django.db import migrations


def relabel_content_types(models, old, new):
    """A migration operation that moves the content types of `models` from app label `old` to `new`, so
    that permissions, the admin's log and generic relations follow the models (and back when reversed)."""

    def relabel(apps, source, target):
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=target, model=model).exists():
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, old, new),
        lambda apps, schema_editor: relabel(apps, new, old),
        elidable=False,
    )
