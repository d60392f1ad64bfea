from django.core.management.base import BaseCommand, CommandError

from common.discovery import app_modules
from common.reference import ReferenceDataError


class Command(BaseCommand):
    help = "Load every shipped reference dataset (forces, frameworks, toolkit). Idempotent."

    def handle(self, *args, **options):
        for config, module in app_modules("reference", "load"):
            try:
                summary = module.load()
            except ReferenceDataError as exc:
                raise CommandError(f"{config.label}: {exc}") from exc
            self.stdout.write(f"{config.label}: {summary}")
