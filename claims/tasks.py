from celery import shared_task

from claims import services


@shared_task(name="claims.extract_article", acks_late=True, reject_on_worker_lost=True)
def extract_article(article_id: int) -> int:
    """Re-anchor existing evidence on the article's current text, then propose new claims."""
    services.reanchor_evidence(article_id=article_id)
    return services.extract_claims_for_article(article_id=article_id)
