from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError, transaction

from claims import services

# A terminated connection, a failover, a lock timeout: worth another try on a new connection.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    name="claims.extract_article",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
)
def extract_article(self: Task[Any, Any], article_id: int) -> int:
    """Re-anchor existing evidence on the article's current text, then propose new claims.

    All of it in one transaction: an extraction cut short (connection lost, worker killed)
    leaves nothing half-written, and its retry (or the sweeper) starts again from scratch.
    """
    try:
        with transaction.atomic():
            services.reanchor_evidence(article_id=article_id)
            return services.extract_claims_for_article(article_id=article_id)
    except TRANSIENT_DB_ERRORS as error:
        raise self.retry(countdown=min(60, 2**self.request.retries)) from error
