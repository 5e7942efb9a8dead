"""Keep the process's outlet memo (curation.services.outlets) in step with edits made here."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from curation.models import Outlet, OutletDomain
from curation.services.outlets import forget_outlets


@receiver([post_save, post_delete], sender=Outlet)
@receiver([post_save, post_delete], sender=OutletDomain)
def forget_outlets_on_edit(**kwargs: object) -> None:
    forget_outlets()
