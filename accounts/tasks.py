"""Thin task wrappers around accounts services."""

from celery import shared_task


@shared_task
def forget_old_form_submissions() -> int:
    from accounts.submission import submissions_forget_old

    return submissions_forget_old()
